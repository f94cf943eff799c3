export default definePageConfig({ navigationBarTitleText: '小区与房屋' });
