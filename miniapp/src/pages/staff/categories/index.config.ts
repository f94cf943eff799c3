export default definePageConfig({ navigationBarTitleText: '报事分类' });
