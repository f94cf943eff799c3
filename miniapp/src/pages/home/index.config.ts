export default definePageConfig({ navigationBarTitleText: '物业报事', enablePullDownRefresh: true });
