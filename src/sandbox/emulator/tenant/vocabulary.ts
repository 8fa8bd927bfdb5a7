/**
 * Word lists for the seeded tenant. Topics and titles deliberately include what users really type
 * and what a bot must escape: markdown, links, HTML-ish tags, `<at id=all></at>`, emoji.
 */

export const SURNAMES = [
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
  "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
  "欧阳", "司马",
] as const;

export const GIVEN_NAMES = [
  "伟", "芳", "娜", "敏", "静", "磊", "强", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超",
  "秀英", "华", "慧", "建国", "晓东", "子涵", "梓萱", "浩然", "一诺", "思远", "雨桐", "宇轩",
  "欣怡", "嘉怡", "俊杰", "文博", "晨曦", "佳琪", "志强", "海燕", "丽华", "国庆", "天佑", "若曦",
] as const;

export const ENGLISH_FIRST = [
  "Alice", "Bob", "Carol", "David", "Emma", "Frank", "Grace", "Henry", "Ivy", "Jack", "Kate",
  "Leo", "Mia", "Noah", "Olivia", "Peter", "Quinn", "Ruby", "Sam", "Tina", "Uma", "Victor",
  "Wendy", "Xavier", "Yuki", "Zoe", "O'Brien", "Anne-Marie",
] as const;

export const ENGLISH_LAST = [
  "Smith", "Johnson", "Brown", "Garcia", "Miller", "Davis", "Wilson", "Taylor", "Clark", "Lewis",
  "Walker", "Young", "Tanaka", "Kim", "Nguyen", "Müller",
] as const;

export const EXTERNAL_COMPANIES = ["星云科技", "Acme Corp", "蓝海咨询", "Globex"] as const;

/** Top-level departments and their sub-departments. */
export const DEPARTMENT_TREE: readonly { name: string; children: readonly string[] }[] = [
  { name: "研发中心", children: ["前端组", "后端组", "测试组", "基础架构组"] },
  { name: "产品部", children: ["产品设计组", "用户研究组"] },
  { name: "市场部", children: [] },
  { name: "销售部", children: ["华北销售", "华南销售", "Global Sales"] },
  { name: "人力资源部", children: [] },
  { name: "财务部", children: [] },
  { name: "行政部", children: [] },
  { name: "Customer Success", children: [] },
];

/**
 * Teams that share one name under different parents, as directories often have: a department name
 * alone then names more than one department.
 */
export const SHARED_TEAMS: readonly { name: string; parents: readonly string[] }[] = [
  { name: "综合组", parents: ["华北销售", "华南销售"] },
];

/** Buildings, their floors, and a room-name theme per building. */
export const BUILDINGS: readonly {
  name: string;
  floors: readonly string[];
  roomNames: readonly string[];
}[] = [
  {
    name: "北京总部 A座",
    floors: ["3F", "5F", "8F"],
    roomNames: ["长城", "故宫", "颐和园", "天坛", "景山", "北海", "什刹海", "香山", "雍和宫"],
  },
  {
    name: "上海办公室",
    floors: ["12F", "15F"],
    roomNames: ["外滩", "豫园", "陆家嘴", "静安", "徐汇", "新天地"],
  },
  {
    name: "Shenzhen Tower 2",
    floors: ["20F", "21F"],
    roomNames: ["Pearl", "Lotus", "Bamboo", "Harbor", "Summit", "Orchid", "Breeze", "VIP Meeting Room"],
  },
];

/** Titles of recurring meetings and calendar events; `{team}` becomes a department name. */
export const RECURRING_TOPICS = [
  "{team} 每日站会",
  "{team} 周会",
  "**{team}** 双周迭代评审",
  "{team} OKR 复盘 (Q3)",
  "[{team} 设计评审](https://example.feishu.cn/docx/design-review) 第二轮",
  "{team} weekly sync <b>notes</b> & action items",
  "{team} 1:1 / 周报",
] as const;

export const ADHOC_TOPICS = [
  "{name}的视频会议",
  "{name}的视频会议",
  "{name}的视频会议",
  "线上故障复盘 `payment-svc` #incident",
  "客户演示：[产品 Demo](https://example.com/demo?x=1&y=2)",
  "面试：后端工程师 - {name}",
  "喝茶🍵聊天",
  "临时讨论 _草稿_ ~~取消~~",
  "Roadmap sync | 2024 H2 planning",
  "请 <at id=all></at> 准时参加：预算评审",
  "需求澄清 <at id=ou_0000000000000000000000000000dead></at>",
  "[点击领取奖品](https://phish.example.net/login) 内部培训",
  "Budget review > 1M ¥ \\*approved\\*",
  "",
] as const;

export const ALL_HANDS_TOPIC = "<at id=all></at> 全员大会 **All Hands** | [议程](https://example.feishu.cn/docx/allhands)";
export const ON_CALL_TOPIC = "7×24 值班桥 (on-call bridge) 🚨";

/** Replaces `{team}` and `{name}` in a topic template. */
export function fillTopic(template: string, values: { team: string; name: string }): string {
  return template.replaceAll("{team}", values.team).replaceAll("{name}", values.name);
}
