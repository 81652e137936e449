/**
 * Chinese surnames for name detection: the common single-character surnames (together they cover
 * the great majority of people in China) and the compound ones still in use. Written for Galen from
 * general knowledge of Chinese surnames (the traditional 百家姓 and public surname rankings), not
 * collected from any corpus.
 */

/**
 * Single-character surnames: the 265 most common first (by public rankings), then less common ones
 * of the 百家姓 and of today's south and north (傅, 洪, 赖, 冼...). Surnames that are above all
 * function words (那, 别, 后, 来) are left out: context alone cannot tell them apart.
 */
export const SINGLE_SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝诸阎隆匡宦阚蔺逯鄢荆展植傅洪赖冼杭芮戈钮邰仝衣揭粟晁乐满栗归厉弓习竺薄冀郁雍巴廉凤伏酆鲜储靖汲邴糜松井富乌羊惠麴封羿牧隗宓蓬郗班仰秋伊暴钭戎祖束幸韶郜蓟印宿怀鄂索咸籍屠阴胥苍闻莘贡劳逄扶堵宰郦璩濮寿扈燕郏浦充茹鱼容慎庾暨居衡步弘国广禄阙殳沃利蔚越夔厍勾融訾养鞠丰巢蒯红权盖益桓练嵇滑荀於贲宣干裘区蒿昝谈计伦帅楚原晋亓达邸锁冶仉朴缑逢佴汝钦闾尉赫雒奚智檀强贝丘谌敬占'

/** Compound surnames. */
export const COMPOUND_SURNAMES: readonly string[] = [
  '欧阳',
  '司马',
  '诸葛',
  '上官',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '令狐',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '西门',
  '澹台',
  '端木',
  '轩辕',
  '南宫',
  '独孤',
  '万俟',
  '闻人',
  '赫连',
  '呼延',
  '申屠',
  '百里',
  '东郭',
  '公冶',
  '太叔',
  '钟离',
  '宗政',
  '濮阳',
  '淳于',
  '单于',
  '仲孙',
  '亓官',
  '司寇',
  '子车',
  '颛孙',
  '壤驷',
  '公良',
  '拓跋',
  '夹谷',
  '宰父',
  '谷梁',
  '段干',
  '巫马',
  '乐正',
  '第五',
  '梁丘',
  '左丘',
  '东门',
  '公西',
  '羊舌',
  '微生',
  '公羊',
  '漆雕',
  '司空',
  '鲜于',
  '闾丘',
]
