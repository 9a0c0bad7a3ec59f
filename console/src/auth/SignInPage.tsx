import { Alert, Button, Card, Typography } from 'antd';
import { useState } from 'react';
import { signIn, type ConsoleSettings } from './session';

export function SignInPage({ settings, problem }: { settings: ConsoleSettings; problem?: string }) {
  const [error, setError] = useState(problem);
  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f0f2f5' }}>
      <Card style={{ width: 440 }}>
        <Typography.Title level={1} style={{ fontSize: 22 }}>sharehub 公共数据共享交换平台</Typography.Title>
        <Typography.Paragraph>窗口工作台 · 管理台 · 审计台。请使用统一身份认证登录。</Typography.Paragraph>
        {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} />}
        {settings.oidc ? (
          <Button type="primary" size="large" block onClick={() => signIn(settings).catch(() => setError('无法连接统一身份认证服务'))}>
            统一身份认证登录
          </Button>
        ) : (
          <Alert
            type="info"
            showIcon
            title="本平台未配置统一身份认证"
            description="演示环境：请使用 npm run demo 打印的登录链接（令牌在链接的 # 之后，不会发送到服务器）。"
          />
        )}
      </Card>
    </main>
  );
}
