import type tcb from '@cloudbase/node-sdk';

/**
 * The demo's 结对认亲 and volunteers, made through the `community` function as the people who would do it: the grid
 * worker pairs the newly arrived 马家 with 普建华, who lives alone (and both write in its log); staff found
 * 石榴花志愿服务队 and 法治宣传队, 马秀芳 and the grid worker join, the worker leads, and a few sessions are logged.
 */

type Db = ReturnType<ReturnType<typeof tcb.init>['database']>;
type Call = <T>(fn: string, action: string, params: Record<string, unknown>) => Promise<T>;

const daysAgo = (days: number) => new Date(Date.now() - days * 86400_000).toISOString();

export async function seedCommunity(
  db: Db,
  as: (openid: string) => Call,
  orgs: Map<string, { id: string }>,
): Promise<void> {
  const worker = as('demo-grid-worker');
  const staff = as('demo-staff');
  const resident = as('demo-resident');
  const grid = orgs.get('zxq-g1')!.id;
  const { data } = (await db.collection('households').where({ gridId: grid }).limit(100).get()) as {
    data: { _id: string; headName: string | null }[];
  };
  const headed = (name: string) => data.find((h) => h.headName === name)?._id;
  const [ma, pu] = [headed('马秀芳'), headed('普建华')];
  if (ma && pu) {
    const { id: pairId } = await worker<{ id: string }>('community', 'createPair', {
      orgId: grid,
      households: [ma, pu],
      note: '新到昆明的马家与独居老人普建华结对：马家常去看望，普大爷给孩子讲老昆明的故事',
    });
    await worker('community', 'logPairActivity', {
      pairId,
      note: '网格员陪马家上门认亲，普大爷教马小雨唱彝族歌谣',
      at: daysAgo(20),
    });
    await resident('community', 'logPairActivity', { pairId, note: '马家包了清真饺子送给普大爷', at: daysAgo(6) });
  }

  const zxq = orgs.get('zxq')!.id;
  const { id: teamId } = await staff<{ id: string }>('community', 'createTeam', {
    orgId: zxq,
    name: '石榴花志愿服务队',
    description: '助老助残、邻里互助、百家宴帮厨，各族居民都欢迎加入',
  });
  await staff('community', 'createTeam', {
    orgId: zxq,
    name: '法治宣传队',
    description: '进楼栋讲法律知识，帮新到社区的家庭了解居住证、社保和劳动权益',
  });
  await resident('community', 'joinTeam', { teamId });
  await worker('community', 'joinTeam', { teamId });
  const team = await staff<{ members: { memberId: string; name: string }[] }>('community', 'getTeam', { id: teamId });
  const memberId = (name: string) => team.members.find((m) => m.name === name)!.memberId;
  await staff('community', 'setLead', { teamId, memberId: memberId('李晓芬') });
  const sessions: [Call, Record<string, unknown>][] = [
    [staff, { memberId: memberId('马秀芳'), hours: 2, at: daysAgo(10), note: '陪独居老人聊天、读报' }],
    [staff, { memberId: memberId('马秀芳'), hours: 3, at: daysAgo(4), note: '百家宴帮厨' }],
    [worker, { memberId: memberId('马秀芳'), hours: 1.5, at: daysAgo(2), note: '金色年华小区楼道清扫' }],
    [staff, { memberId: memberId('李晓芬'), hours: 2.5, at: daysAgo(4), note: '百家宴签到引导' }],
    [staff, { memberName: '杨桂芬', hours: 4, at: daysAgo(8), note: '民族团结进步宣传月展板讲解' }],
  ];
  for (const [who, session] of sessions) await who('community', 'logHours', { teamId, ...session });
}
