/**
 * The demo accounts of every role. The home page lists them and the demo seed
 * creates them; the README repeats this table.
 */
import type { Role } from '../db/models/account.js';

export const DEMO_PASSWORD = 'Zhuce@2026';

export interface DemoAccount {
  username: string;
  role: Role;
  displayName: string;
  /** What a visitor will find behind this login. */
  sees: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'zhangwei', role: 'applicant', displayName: '张伟', sees: '勘察设计注册工程师申请人：个人信息、当前申报、我的消息' },
  { username: 'lina', role: 'applicant', displayName: '李娜', sees: '一级建造师申请人（已注册，注册将于半年内到期）' },
  { username: 'wangfang', role: 'applicant', displayName: '王芳', sees: '一级注册建筑师申请人' },
  { username: 'liuyang', role: 'applicant', displayName: '刘洋', sees: '监理工程师申请人' },
  { username: 'qiye', role: 'employer', displayName: '浙江华建工程设计有限公司', sees: '勘察设计企业（张伟、王芳的聘用单位）：企业基本信息、注册申报管理、人员到期预警' },
  { username: 'qiye-jianshe', role: 'employer', displayName: '浙江宏远建设集团有限公司', sees: '施工企业（李娜的聘用单位）：人员到期预警中有即将到期人员' },
  { username: 'qiye-jianli', role: 'employer', displayName: '浙江正诚工程监理有限公司', sees: '监理企业（刘洋的聘用单位）' },
  { username: 'qiye-xinzhu', role: 'employer', displayName: '浙江新筑工程设计有限公司', sees: '无资质企业：本单位人员为预注册，可办理补正资质' },
  { username: 'shengji', role: 'provincial_reviewer', displayName: '浙江省住建厅审查员', sees: '省级审查：浙江省各专业待办任务' },
  { username: 'buji', role: 'ministry_reviewer', displayName: '部注册中心审查员', sees: '部级受理、审查、审批、公告、发证' },
  { username: 'buji-chuzhang', role: 'ministry_reviewer', displayName: '部注册中心处长', sees: '部级审查的上级：超期任务的督办' },
  { username: 'fenxi', role: 'analyst', displayName: '业务分析员', sees: '流程设计、表单设计、部署版本' },
  { username: 'admin', role: 'admin', displayName: '系统管理员', sees: '用户与角色、企业库、资格库、代码表' },
];
