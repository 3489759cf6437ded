import { PlusOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Segmented, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { PairState } from '#src/core/pairs/state-machine.ts';
import { useMe } from '../auth/use-session';
import { usePolicy } from '../auth/use-policy';
import { useActivities } from './activities-api';
import { ActivityForm } from './activity-form';
import { ActivityMonth, ActivityTable, monthRange, thisMonth } from './activity-list';

/** The pair page's activities: its list or month, and "record an activity" for the member schools' leaders and coordinators. */
export function PairActivitiesSection({ pair }: { pair: { id: string; state: PairState; campaign: { id: string }; members: readonly { schoolId: string; name: string }[] } }) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const [view, setView] = useState<'list' | 'month'>('list');
  const [month, setMonth] = useState(thisMonth);
  const [page, setPage] = useState(1);
  const [recording, setRecording] = useState(false);
  const pageSize = 20;
  const list = useActivities(view === 'month' ? { pairId: pair.id, ...monthRange(month) } : { pairId: pair.id }, view === 'month' ? { limit: 500, offset: 0 } : { limit: pageSize, offset: (page - 1) * pageSize, order: 'desc' });
  const mySchool = me.data?.school?.id ?? null;
  const policy = usePolicy();
  // The one access policy decides what the page offers (the server asks it again).
  const mayRecord = policy.can('activity.create', {
    pair: { state: pair.state, proposedBySchoolId: null, members: pair.members.map((m) => ({ schoolId: m.schoolId, unitChain: [], answered: true })) },
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        {mayRecord && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecording(true)}>
            {t('activities.record')}
          </Button>
        )}
        <Segmented
          value={view}
          onChange={(v) => setView(v as 'list' | 'month')}
          options={[
            { value: 'list', label: t('activities.views.list') },
            { value: 'month', label: t('activities.views.month') },
          ]}
        />
      </Space>
      {view === 'list' ? (
        <ActivityTable
          items={list.data?.items ?? []}
          loading={list.isFetching}
          showPair={false}
          pagination={{ current: page, pageSize, total: list.data?.total ?? 0, onChange: setPage }}
        />
      ) : (
        <ActivityMonth month={month} items={list.data?.items ?? []} onMonth={setMonth} />
      )}
      <ActivityForm
        open={recording}
        onClose={(saved) => {
          setRecording(false);
          if (saved) {
            void message.success(t('activities.saved'));
            void navigate(`/app/activities/${saved.id}`);
          }
        }}
        pairId={pair.id}
        campaignId={pair.campaign.id}
        members={pair.members}
        mySchoolId={mySchool}
      />
    </Space>
  );
}
