import { Form, Input, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api';

/** A new password typed twice, with the rules said up front (the server checks them again). */
export function NewPasswordFields({ name = 'password' }: { name?: string }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item label={t('account.newPassword')} name={name} extra={t('account.passwordRules')} rules={[{ required: true, message: t('account.required') }]}>
        <Input.Password autoComplete="new-password" maxLength={200} />
      </Form.Item>
      <Form.Item
        label={t('account.confirmPassword')}
        name="confirm"
        dependencies={[name]}
        rules={[
          { required: true, message: t('account.required') },
          ({ getFieldValue }) => ({
            validator: (_, value) => (!value || getFieldValue(name) === value ? Promise.resolve() : Promise.reject(new Error(t('account.passwordsDiffer')))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" maxLength={200} />
      </Form.Item>
    </>
  );
}

/** Put the server's message under the field it names; true when it did. */
export function showFieldError(form: FormInstance, error: unknown, fields: readonly string[]): boolean {
  if (error instanceof ApiError && error.field && fields.includes(error.field)) {
    form.setFields([{ name: error.field, errors: [error.message] }]);
    return true;
  }
  return false;
}
