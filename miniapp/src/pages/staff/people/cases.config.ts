export default definePageConfig({ navigationBarTitleText: '在办工单' });
