import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { decide } from '#src/core/access/policy.ts';
import { ROLES, SCHOOL_ROLES, type Role } from '#src/core/roles.ts';
import { StateTag } from '../../components/state-tag';
import { UnitPicker } from '../../components/unit-picker';
import { ApiError } from '../../lib/api';
import { useListParams } from '../../lib/list-params';
import { useNarrow } from '../../lib/use-narrow';
import { fixedOwnSchool } from '../auth/own-school';
import { actorOf } from '../auth/use-policy';
import { useMe, type Me } from '../auth/use-session';
// onboarding
import { OnboardingPanel } from './onboarding-panel';
import { UserImportModal } from './user-import-modal';
import { useAccounts, useSaveAccount, useSchoolOptions, useSetDisabled, type Account, type AccountDraft } from './users-api';

const PAGE_SIZES = [20, 50, 100];
const TONE = { active: 'success', invited: 'warning', disabled: 'danger' } as const;

/**
 * The roles the caller may give, asked of the access policy: a role is offered unless the
 * policy refuses it for the role itself (a school outside the caller's scope is the server's to refuse).
 */
function grantableRoles(me: Me): Role[] {
  return ROLES.filter((r) => {
    const d = decide(actorOf(me), 'user.create', { accountRole: r });
    return d.allowed || (d.kind === 'fact' && d.field === 'schoolId');
  });
}

/** Accounts (Tài khoản): the department's, an area officer's or a school leader's people; search, filter, create, change, disable. */
export function UsersPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const narrow = useNarrow();
  const { message } = AntApp.useApp();
  const { get, set, limit, page } = useListParams();
  const filters = { q: get('q'), role: get('role'), status: get('status') };
  const accounts = useAccounts({ ...filters, limit, offset: (page - 1) * limit });
  const setDisabled = useSetDisabled();
  const [editing, setEditing] = useState<Account | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const numberFormat = new Intl.NumberFormat(i18n.language === 'en' ? 'en-US' : 'vi-VN');
  if (!me.data) return null;
  const roles = grantableRoles(me.data);

  const toggle = async (a: Account) => {
    try {
      await setDisabled.mutateAsync({ id: a.id, disabled: a.status !== 'disabled' });
      void message.success(t(a.status === 'disabled' ? 'users.enabled' : 'users.disabled', { name: a.displayName }));
    } catch (e) {
      void message.error(e instanceof ApiError ? e.message : t('errors.network'));
    }
  };

  const columns: TableProps<Account>['columns'] = [
    {
      title: t('users.name'),
      key: 'name',
      render: (_: unknown, a) => (
        <>
          <div>{a.displayName}</div>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {a.username}
            {a.email ? ` · ${a.email}` : ''}
          </Typography.Text>
        </>
      ),
    },
    { title: t('users.role'), dataIndex: 'role', key: 'role', render: (r: Role) => t(`roles.${r}`), width: 190 },
    { title: t('users.schoolOrArea'), key: 'where', render: (_: unknown, a) => a.school?.name ?? a.area?.name ?? '—' },
    { title: t('users.status'), dataIndex: 'status', key: 'status', width: 130, render: (s: Account['status']) => <StateTag tone={TONE[s]}>{t(`users.statusValue.${s}`)}</StateTag> },
    {
      title: <span className="sr-only">{t('users.actions')}</span>,
      key: 'actions',
      width: 210,
      render: (_: unknown, a) =>
        a.id === me.data?.id ? null : (
          <Space wrap size="small">
            <Button size="small" onClick={() => setEditing(a)} aria-label={t('users.editOf', { name: a.displayName })}>
              {t('users.edit')}
            </Button>
            <Popconfirm
              title={a.status === 'disabled' ? t('users.enableConfirm', { name: a.displayName }) : t('users.disableConfirm', { name: a.displayName })}
              okText={t('users.yes')}
              cancelText={t('common.cancel')}
              onConfirm={() => toggle(a)}
            >
              <Button size="small" danger={a.status !== 'disabled'} aria-label={t(a.status === 'disabled' ? 'users.enableOf' : 'users.disableOf', { name: a.displayName })}>
                {t(a.status === 'disabled' ? 'users.enable' : 'users.disable')}
              </Button>
            </Popconfirm>
          </Space>
        ),
    },
  ];

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={1} style={{ fontSize: 26, margin: 0 }}>
          {t('users.title')}
        </Typography.Title>
        <Space wrap>
          <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
            {t('users.import.open')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('users.create')}
          </Button>
        </Space>
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t(`users.scope.${me.data.role}`, { school: me.data.school?.name ?? '', area: me.data.area?.name ?? '' })}
      </Typography.Paragraph>
      {decide(actorOf(me.data), 'user.onboard').allowed && <OnboardingPanel />}
      <Space wrap style={{ margin: '8px 0 16px' }} aria-label={t('users.filters')}>
        <Input.Search
          allowClear
          defaultValue={filters.q}
          placeholder={t('users.searchPlaceholder')}
          aria-label={t('users.search')}
          onSearch={(q) => set({ q })}
          style={{ width: narrow ? '100%' : 280 }}
        />
        <Select
          allowClear
          aria-label={t('users.role')}
          placeholder={t('users.role')}
          value={filters.role}
          onChange={(v?: string) => set({ role: v })}
          options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          style={{ minWidth: 200 }}
        />
        <Select
          allowClear
          aria-label={t('users.status')}
          placeholder={t('users.status')}
          value={filters.status}
          onChange={(v?: string) => set({ status: v })}
          options={(['active', 'invited', 'disabled'] as const).map((s) => ({ value: s, label: t(`users.statusValue.${s}`) }))}
          style={{ width: 160 }}
        />
      </Space>
      {accounts.isError && <Alert type="error" showIcon message={(accounts.error as Error).message} />}
      <Table<Account>
        rowKey="id"
        size="middle"
        loading={accounts.isFetching}
        dataSource={accounts.data?.items ?? []}
        columns={columns}
        scroll={{ x: 760 }}
        locale={{ emptyText: <span style={{ color: 'rgba(0, 0, 0, 0.65)' }}>{t('users.empty')}</span> }}
        pagination={{
          current: page,
          pageSize: limit,
          total: accounts.data?.total ?? 0,
          pageSizeOptions: PAGE_SIZES,
          showSizeChanger: true,
          // Without search words the API counts up to a bound (decision 0029): past it, "more than".
          showTotal: (total) => t(accounts.data?.totalExact === false ? 'users.totalMoreThan' : 'users.total', { count: total, formatted: numberFormat.format(total) }),
        }}
        onChange={(pagination) =>
          set(
            {
              limit: pagination.pageSize && pagination.pageSize !== 20 ? String(pagination.pageSize) : undefined,
              page: pagination.current && pagination.current > 1 ? String(pagination.current) : undefined,
            },
            false,
          )
        }
      />
      {importing && <UserImportModal onClose={() => setImporting(false)} />}
      {editing && <AccountForm me={me.data} roles={roles} account={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </>
  );
}

/** A school picker searching the caller's schools on the server; a school leader's own school is fixed. */
function SchoolPicker({ value, onChange, initial, id }: { value?: string | null; onChange?: (v: string | null) => void; initial?: { id: string; name: string } | null; id?: string }) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const h = setTimeout(() => setQ(typed.trim()), 250);
    return () => clearTimeout(h);
  }, [typed]);
  const schools = useSchoolOptions(q);
  const options = (schools.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.name} (${s.code})` }));
  if (initial && value === initial.id && !options.some((o) => o.value === initial.id)) options.unshift({ value: initial.id, label: initial.name });
  return (
    <Select
      id={id}
      showSearch
      allowClear
      filterOption={false}
      searchValue={typed}
      onSearch={setTyped}
      value={value ?? undefined}
      onChange={(v?: string) => onChange?.(v ?? null)}
      loading={schools.isFetching}
      placeholder={t('users.schoolPlaceholder')}
      options={options}
      style={{ width: '100%' }}
    />
  );
}

function AccountForm({ me, roles, account, onClose }: { me: Me; roles: Role[]; account: Account | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<AccountDraft>();
  const save = useSaveAccount(account?.id ?? null);
  const [error, setError] = useState<string | null>(null);
  const role = Form.useWatch('role', form) ?? account?.role ?? roles[roles.length - 1];
  // A leader's staff are of its own school: the policy's rule says so, the form fixes it.
  const leaderOwnSchool = fixedOwnSchool(actorOf(me), 'user.create') !== null;
  const initial: Partial<AccountDraft> = account
    ? { displayName: account.displayName, email: account.email, role: account.role, schoolId: account.school?.id ?? null, adminUnitId: account.area?.id ?? null }
    : { role: roles[roles.length - 1]!, schoolId: leaderOwnSchool ? me.school!.id : null };

  const submit = async (values: AccountDraft) => {
    setError(null);
    const schoolRole = SCHOOL_ROLES.includes(values.role);
    const body: AccountDraft = {
      ...values,
      email: values.email ? values.email : account ? null : undefined,
      schoolId: schoolRole ? values.schoolId ?? null : null,
      adminUnitId: values.role === 'area-officer' ? values.adminUnitId ?? null : null,
    } as AccountDraft;
    if (!account) {
      if (!body.email) delete body.email;
      // accounts: no password typed → the account is invited by e-mail (a one-time link).
      if (!body.password) delete body.password;
      if (!schoolRole) delete body.schoolId;
      if (values.role !== 'area-officer') delete body.adminUnitId;
    }
    try {
      await save.mutateAsync(body);
      void message.success(t(account ? 'users.saved' : 'users.createdOk', { name: values.displayName }));
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.field && form.getFieldInstance(e.field as keyof AccountDraft)) {
        form.setFields([{ name: e.field as keyof AccountDraft, errors: [e.message] }]);
      }
      setError(e instanceof ApiError ? e.message : t('errors.network'));
    }
  };

  return (
    <Modal
      open
      title={account ? t('users.editTitle', { name: account.displayName }) : t('users.create')}
      onCancel={onClose}
      okText={t('users.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      destroyOnHidden
      width={560}
    >
      <Form form={form} layout="vertical" requiredMark={false} initialValues={initial} onFinish={submit}>
        <Form.Item label={t('users.displayName')} name="displayName" rules={[{ required: true, message: t('users.required') }]}>
          <Input autoComplete="off" />
        </Form.Item>
        {!account && (
          <Form.Item label={t('users.username')} name="username" extra={t('users.usernameHint')} rules={[{ required: true, message: t('users.required') }]}>
            <Input autoComplete="off" autoCapitalize="none" spellCheck={false} />
          </Form.Item>
        )}
        <Form.Item label={t('users.email')} name="email">
          <Input type="email" autoComplete="off" />
        </Form.Item>
        <Form.Item label={t('users.role')} name="role" rules={[{ required: true, message: t('users.required') }]}>
          <Select options={(account && !roles.includes(account.role) ? [...roles, account.role] : roles).map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
        </Form.Item>
        {SCHOOL_ROLES.includes(role) && (
          <Form.Item label={t('users.school')} name="schoolId" rules={[{ required: true, message: t('users.required') }]}>
            {leaderOwnSchool ? (
              <Select disabled options={[{ value: me.school!.id, label: me.school!.name }]} />
            ) : (
              <SchoolPicker initial={account?.school ?? null} />
            )}
          </Form.Item>
        )}
        {role === 'area-officer' && (
          <Form.Item label={t('users.area')} name="adminUnitId" rules={[{ required: true, message: t('users.required') }]}>
            <AreaField />
          </Form.Item>
        )}
        {!account && (
          <Form.Item label={t('users.password')} name="password" extra={t('users.passwordInviteHint')}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
      </Form>
      {error && <Alert type="error" showIcon role="alert" message={error} />}
    </Modal>
  );
}

function AreaField({ value, onChange }: { value?: string | null; onChange?: (v: string | null) => void }) {
  const { t } = useTranslation();
  return <UnitPicker value={value ?? undefined} onChange={(v) => onChange?.(v ?? null)} aria-label={t('users.area')} style={{ width: '100%' }} />;
}
