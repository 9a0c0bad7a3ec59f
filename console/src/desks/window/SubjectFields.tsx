import { Form, Input, Select } from 'antd';
import { idNumberProblem } from '../../lib/gb11643';

/** Subject type + identifier, the 身份证号 checked (GB 11643) as it is typed. */
export function SubjectFields({ typeName = 'subjectType', idName = 'subjectId', label = '申请人证件号' }: { typeName?: string; idName?: string; label?: string }) {
  return (
    <>
      <Form.Item name={typeName} label="主体类型" initialValue="PERSON" style={{ width: 140 }}>
        <Select options={[{ value: 'PERSON', label: '自然人' }, { value: 'LEGAL_ENTITY', label: '法人' }]} aria-label="主体类型" />
      </Form.Item>
      <Form.Item
        noStyle
        shouldUpdate={(prev, next) => prev[typeName] !== next[typeName]}
      >
        {({ getFieldValue }) => (
          <Form.Item
            name={idName}
            label={getFieldValue(typeName) === 'LEGAL_ENTITY' ? '统一社会信用代码' : label}
            validateTrigger="onChange"
            rules={[
              {
                validator: async (_rule, value: string | undefined) => {
                  if (getFieldValue(typeName) === 'LEGAL_ENTITY') {
                    if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test((value ?? '').trim().toUpperCase())) throw new Error('统一社会信用代码应为 18 位');
                    return;
                  }
                  const problem = idNumberProblem(value ?? '');
                  if (problem) throw new Error(problem);
                },
              },
            ]}
            style={{ width: 260 }}
          >
            <Input autoComplete="off" maxLength={18} />
          </Form.Item>
        )}
      </Form.Item>
    </>
  );
}
