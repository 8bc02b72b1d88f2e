// enableShareAppMessage: the page's useShareAppMessage supplies the invite card (with the inviter's code).
export default definePageConfig({ navigationBarTitleText: '邀请有礼', enableShareAppMessage: true })
