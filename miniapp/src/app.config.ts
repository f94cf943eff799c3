export default defineAppConfig({
  // Owner pages live in the main package; staff pages in a subpackage owners never download.
  pages: [
    'pages/home/index',
    'pages/login/index',
    'pages/bind-house/index',
    'pages/report/index',
    'pages/case-detail/index',
  ],
  subPackages: [
    {
      root: 'pages/staff',
      pages: ['queue/index', 'case/index', 'intake/index', 'bindings/index', 'dashboard/index', 'sla-policy/index', 'targets/index', 'people/index', 'people/cases', 'categories/index', 'communities/index', 'password/index'],
    },
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#1f6feb',
    navigationBarTitleText: '物业报事',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f6f8',
  },
});
