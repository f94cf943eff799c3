export default definePageConfig({ navigationBarTitleText: '代录工单' });
