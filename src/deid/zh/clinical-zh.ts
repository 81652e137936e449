/**
 * Clinical words that begin with a surname character (高热, 白细胞, 石膏): a span that starts with
 * one is never a name, whatever the context. jieba's dictionary already keeps most such words
 * whole; this list holds those it may split or tag as a person's name, and the common words of
 * Chinese notes that a name rule could otherwise take (常规, 明显). Written for Galen from general
 * clinical usage, not collected from any corpus.
 */
export const CLINICAL_WORDS: readonly string[] = `
高热 高烧 高血压 高血糖 高血脂 高尿酸 高钾 高钠 高钙 高压氧 高危 高龄 高度 高频 高流量
白细胞 白蛋白 白苔 白内障 白斑 白带 白癜风 白血病 石膏 石蜡 黄疸 黄染 黄体酮 黄芪 黄连 黄白色
甘油 甘露醇 甘草 常规 常见 明显 明确 安静 安眠 成人 成形 万古霉素 华法林 金黄色 金属 钱币
方案 包块 包扎 包皮 江米 毛发 毛细 毛囊 牛奶 马蹄 杜冷丁 卫生 卫生纸 冯氏 全身 全血 全麻
单纯 单侧 单位 解热 解痉 和缓 应用 应激 时间 时有 向心 于是 从未 林可霉素 罗红霉素 苏醒 苏打
柴胡 葛根 桂枝 连翘 丁香 艾灸 艾司唑仑 瞿麦 何首乌 贝母 谷丙 谷草 谷氨 史蒂芬 蒙脱石 戴口罩
管路 管道 管饮 胃管 尿管 宁心 左侧 左旋 右侧 程度 程序 童年 孔径 温度 温水 温热 温和
强直 强化 强度 智力 冷敷 冷汗 米汤 曲线 巴氏 乐观 钟点 计划 原发 原因 达标 敬请 越来越 红肿
红细胞 红斑 红润 宫颈 宫腔 宫体 宫缩 宫内 宫外孕 宫底 秋季 容易 居家 步态 养护 广泛 宿醉 印象 利尿 利多卡因 蔚然 越过 水肿
`
  .trim()
  .split(/\s+/)
