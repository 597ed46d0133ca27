/**
 * Provincial-level divisions and a few major cities of each, with their
 * GB/T 2260 administrative codes. The codes head 身份证号 (6 digits) and sit in
 * positions 3–8 of 统一社会信用代码; province codes scope reviewers.
 *
 * For the four municipalities the "cities" are urban districts, because their
 * district codes (110108 海淀区) are what appears in ID numbers and credit codes.
 */

export interface City {
  /** 6-digit GB/T 2260 code of the city (or, in a municipality, the district). */
  readonly code: string;
  readonly name: string;
}

export interface Province {
  /** 2-digit GB/T 2260 code. */
  readonly code: string;
  readonly name: string;
  /** The name as used inside enterprise names: 浙江, 内蒙古, 北京. */
  readonly shortName: string;
  /** The one-character abbreviation used in certificate numbers: 浙, 京. */
  readonly abbreviation: string;
  readonly municipality: boolean;
  readonly cities: readonly City[];
}

const province = (
  code: string,
  name: string,
  shortName: string,
  abbreviation: string,
  cities: Array<[string, string]>,
  municipality = false,
): Province => ({
  code,
  name,
  shortName,
  abbreviation,
  municipality,
  cities: cities.map(([cityCode, cityName]) => ({ code: cityCode, name: cityName })),
});

export const PROVINCES: readonly Province[] = [
  province('11', '北京市', '北京', '京', [['110101', '东城区'], ['110102', '西城区'], ['110105', '朝阳区'], ['110106', '丰台区'], ['110108', '海淀区']], true),
  province('12', '天津市', '天津', '津', [['120101', '和平区'], ['120102', '河东区'], ['120103', '河西区'], ['120104', '南开区'], ['120116', '滨海新区']], true),
  province('13', '河北省', '河北', '冀', [['130100', '石家庄市'], ['130200', '唐山市'], ['130400', '邯郸市'], ['130600', '保定市'], ['131000', '廊坊市']]),
  province('14', '山西省', '山西', '晋', [['140100', '太原市'], ['140200', '大同市'], ['140400', '长治市']]),
  province('15', '内蒙古自治区', '内蒙古', '蒙', [['150100', '呼和浩特市'], ['150200', '包头市'], ['150400', '赤峰市'], ['150600', '鄂尔多斯市']]),
  province('21', '辽宁省', '辽宁', '辽', [['210100', '沈阳市'], ['210200', '大连市'], ['210300', '鞍山市']]),
  province('22', '吉林省', '吉林', '吉', [['220100', '长春市'], ['220200', '吉林市']]),
  province('23', '黑龙江省', '黑龙江', '黑', [['230100', '哈尔滨市'], ['230200', '齐齐哈尔市'], ['230600', '大庆市']]),
  province('31', '上海市', '上海', '沪', [['310101', '黄浦区'], ['310104', '徐汇区'], ['310105', '长宁区'], ['310110', '杨浦区'], ['310115', '浦东新区']], true),
  province('32', '江苏省', '江苏', '苏', [['320100', '南京市'], ['320200', '无锡市'], ['320300', '徐州市'], ['320400', '常州市'], ['320500', '苏州市']]),
  province('33', '浙江省', '浙江', '浙', [['330100', '杭州市'], ['330200', '宁波市'], ['330300', '温州市'], ['330600', '绍兴市'], ['330700', '金华市']]),
  province('34', '安徽省', '安徽', '皖', [['340100', '合肥市'], ['340200', '芜湖市'], ['340300', '蚌埠市']]),
  province('35', '福建省', '福建', '闽', [['350100', '福州市'], ['350200', '厦门市'], ['350500', '泉州市']]),
  province('36', '江西省', '江西', '赣', [['360100', '南昌市'], ['360400', '九江市'], ['360700', '赣州市']]),
  province('37', '山东省', '山东', '鲁', [['370100', '济南市'], ['370200', '青岛市'], ['370600', '烟台市'], ['370700', '潍坊市']]),
  province('41', '河南省', '河南', '豫', [['410100', '郑州市'], ['410300', '洛阳市'], ['410700', '新乡市']]),
  province('42', '湖北省', '湖北', '鄂', [['420100', '武汉市'], ['420500', '宜昌市'], ['420600', '襄阳市']]),
  province('43', '湖南省', '湖南', '湘', [['430100', '长沙市'], ['430200', '株洲市'], ['430300', '湘潭市']]),
  province('44', '广东省', '广东', '粤', [['440100', '广州市'], ['440300', '深圳市'], ['440400', '珠海市'], ['440600', '佛山市'], ['441900', '东莞市']]),
  province('45', '广西壮族自治区', '广西', '桂', [['450100', '南宁市'], ['450200', '柳州市'], ['450300', '桂林市']]),
  province('46', '海南省', '海南', '琼', [['460100', '海口市'], ['460200', '三亚市']]),
  province('50', '重庆市', '重庆', '渝', [['500101', '万州区'], ['500103', '渝中区'], ['500105', '江北区'], ['500106', '沙坪坝区'], ['500112', '渝北区']], true),
  province('51', '四川省', '四川', '川', [['510100', '成都市'], ['510700', '绵阳市'], ['511300', '南充市']]),
  province('52', '贵州省', '贵州', '贵', [['520100', '贵阳市'], ['520300', '遵义市']]),
  province('53', '云南省', '云南', '云', [['530100', '昆明市'], ['530300', '曲靖市']]),
  province('54', '西藏自治区', '西藏', '藏', [['540100', '拉萨市'], ['540200', '日喀则市']]),
  province('61', '陕西省', '陕西', '陕', [['610100', '西安市'], ['610300', '宝鸡市'], ['610400', '咸阳市']]),
  province('62', '甘肃省', '甘肃', '甘', [['620100', '兰州市'], ['620500', '天水市']]),
  province('63', '青海省', '青海', '青', [['630100', '西宁市'], ['630200', '海东市']]),
  province('64', '宁夏回族自治区', '宁夏', '宁', [['640100', '银川市'], ['640200', '石嘴山市']]),
  province('65', '新疆维吾尔自治区', '新疆', '新', [['650100', '乌鲁木齐市'], ['650200', '克拉玛依市']]),
  province('71', '台湾省', '台湾', '台', []),
  province('81', '香港特别行政区', '香港', '港', []),
  province('82', '澳门特别行政区', '澳门', '澳', []),
];

/** The 31 mainland provincial-level divisions: those the registration authority has departments in. */
export const MAINLAND_PROVINCES: readonly Province[] = PROVINCES.filter((p) => p.cities.length > 0);

const byCode = new Map(PROVINCES.map((p) => [p.code, p]));

export function provinceByCode(code: string): Province | undefined {
  return byCode.get(code);
}

/**
 * Province codes that can head a 身份证号: the mainland ones plus 81/82/83, the
 * codes of the residence permits for Hong Kong, Macao and Taiwan residents
 * (83 there, not Taiwan's administrative code 71).
 */
export const ID_NUMBER_PROVINCE_CODES: ReadonlySet<string> = new Set([
  ...MAINLAND_PROVINCES.map((p) => p.code),
  '81',
  '82',
  '83',
]);
