export default definePageConfig({ navigationBarTitleText: '集卡' })
