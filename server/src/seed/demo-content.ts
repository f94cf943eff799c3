import type { CaseType, Channel } from '@wuye/shared';

// What demo cases talk about: plausible Chinese texts by type and category.

export const CATEGORIES_BY_TYPE: Record<CaseType, string[]> = {
  repair: ['水电', '水电', '电梯', '门窗', '公共设施', '安保门禁'],
  complaint: ['噪音扰民', '停车', '保洁卫生', '服务态度', '违建', '消防通道'],
  inquiry: ['费用', '停车', '其他'],
  suggestion: ['绿化', '公共设施', '其他'],
  praise: ['服务态度', '保洁卫生'],
};

export const DESCRIPTIONS: Record<string, string[]> = {
  水电: ['厨房水龙头一直滴水，关不紧', '卫生间地漏返味，下水很慢', '客厅一路插座没电了', '热水器进水管接口漏水'],
  电梯: ['电梯按钮失灵，按了不亮', '电梯运行时有异响', '电梯门关得太快，夹到老人'],
  门窗: ['阳台推拉门卡住推不动', '卧室窗户密封条脱落，漏风', '入户门锁芯不好用'],
  公共设施: ['楼道声控灯不亮', '小区健身器材螺丝松动', '单元门口台阶破损'],
  安保门禁: ['门禁卡刷不开单元门', '地库入口道闸不抬杆', '可视对讲没有画面'],
  噪音扰民: ['楼上晚上十一点后还在装修', '广场舞音响声音太大', '隔壁空调外机噪音很大'],
  停车: ['车位被别人占用', '地库车位划线不清楚', '访客车辆乱停堵住消防通道'],
  保洁卫生: ['楼道垃圾两天没人清理', '垃圾桶周边有异味', '电梯里有宠物便溺未清理'],
  服务态度: ['前台工作人员态度冷淡', '保安说话不客气'],
  违建: ['顶楼住户在露台搭建棚子', '一楼住户私自扩建院子'],
  消防通道: ['消防通道堆放杂物', '楼梯间被电动车占用'],
  费用: ['物业费怎么线上缴纳？', '停车费发票怎么开？', '水电公摊是怎么计算的？'],
  其他: ['快递柜什么时候能增加？', '小区什么时候开展垃圾分类培训？'],
  绿化: ['建议在儿童区多种些遮阴树', '草坪洒水时间建议改到早上'],
};

/**
 * Where a description happens when it is not in someone's home: a public place of the estate, at one
 * building (楼道, 电梯: which building is drawn) or estate-wide (地库, 中心广场). Every other description
 * is filed against the reporter's house, as owners do (a tap on 在我家) — so a loose gym bolt is never
 * "2栋 2单元 102".
 */
export const PUBLIC_PLACES: Record<string, { location: string; atBuilding: boolean }> = {
  '电梯按钮失灵，按了不亮': { location: '电梯', atBuilding: true },
  '电梯运行时有异响': { location: '电梯', atBuilding: true },
  '电梯门关得太快，夹到老人': { location: '电梯', atBuilding: true },
  '楼道声控灯不亮': { location: '楼道', atBuilding: true },
  '小区健身器材螺丝松动': { location: '健身区', atBuilding: false },
  '单元门口台阶破损': { location: '单元门口', atBuilding: true },
  '门禁卡刷不开单元门': { location: '单元门口', atBuilding: true },
  '地库入口道闸不抬杆': { location: '地库入口', atBuilding: false },
  '广场舞音响声音太大': { location: '中心广场', atBuilding: false },
  '车位被别人占用': { location: '地库', atBuilding: false },
  '地库车位划线不清楚': { location: '地库', atBuilding: false },
  '访客车辆乱停堵住消防通道': { location: '消防通道', atBuilding: false },
  '楼道垃圾两天没人清理': { location: '楼道', atBuilding: true },
  '垃圾桶周边有异味': { location: '垃圾分类点', atBuilding: false },
  '电梯里有宠物便溺未清理': { location: '电梯', atBuilding: true },
  '前台工作人员态度冷淡': { location: '物业服务中心', atBuilding: false },
  '保安说话不客气': { location: '小区大门', atBuilding: false },
  '顶楼住户在露台搭建棚子': { location: '顶楼露台', atBuilding: true },
  '一楼住户私自扩建院子': { location: '一楼院子', atBuilding: true },
  '消防通道堆放杂物': { location: '消防通道', atBuilding: true },
  '楼梯间被电动车占用': { location: '楼梯间', atBuilding: true },
  '建议在儿童区多种些遮阴树': { location: '儿童游乐区', atBuilding: false },
  '草坪洒水时间建议改到早上': { location: '中心草坪', atBuilding: false },
};

export const PRAISE_TEXTS = ['维修师傅来得很快，修得也好，点赞！', '保洁阿姨每天都很认真，楼道特别干净', '客服小姐姐耐心解答，非常感谢'];

export const CHANNEL_WEIGHTS: [Channel, number][] = [
  ['miniapp', 55], ['phone', 25], ['front_desk', 10], ['wechat_group', 7], ['owner_meeting', 3],
];

export const TYPE_WEIGHTS: [CaseType, number][] = [
  ['repair', 50], ['inquiry', 18], ['complaint', 14], ['suggestion', 10], ['praise', 8],
];

export const HANDLER_NOTES = ['已到现场查看', '需要更换配件，已联系供应商', '已处理完毕，请业主确认', '已更换损坏部件并测试正常'];
export const REPLIES = ['您好，已为您登记，我们会尽快处理', '您好，具体费用标准可在小程序公告查看，也可到前台咨询'];
/** What an owner writes when the case is not done for them, in the type's words (VERIFY_WORDING). */
export const NOT_DONE_REASONS: Record<CaseType, string> = {
  repair: '问题还在', complaint: '问题还在', inquiry: '还没有解答清楚', suggestion: '希望物业给出明确答复', praise: '还没收到物业回复',
};
