export default definePageConfig({ navigationBarTitleText: '目标设置' });
