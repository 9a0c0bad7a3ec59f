import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { decodeClaims, loadSettings, restoreSession } from './auth/session';
import { SignInPage } from './auth/SignInPage';

dayjs.locale('zh-cn');

async function start(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  const settings = await loadSettings();
  let token: string | undefined;
  let problem: string | undefined;
  try {
    token = await restoreSession(settings);
  } catch {
    problem = '统一身份认证登录未完成，请重新登录';
  }
  const person = token ? decodeClaims(token) : undefined;
  const client = new ApolloClient({
    link: new HttpLink({ uri: '/graphql', headers: token ? { authorization: `Bearer ${token}` } : {} }),
    cache: new InMemoryCache(),
    defaultOptions: { query: { fetchPolicy: 'network-only' }, watchQuery: { fetchPolicy: 'network-only' } },
  });
  root.render(
    <StrictMode>
      <ConfigProvider locale={zhCN} theme={{
          // Secondary and tertiary text darker than antd's default, for WCAG AA contrast.
          token: { colorPrimary: '#1d4ed8', fontSize: 14, colorTextSecondary: '#595959', colorTextTertiary: '#595959', colorTextDescription: '#595959', colorTextPlaceholder: '#6e6e6e', colorError: '#cf1322', colorPrimaryHover: '#1e40af', colorPrimaryActive: '#1e3a8a', colorErrorHover: '#a8071a' },
        }}>
        <AntApp>
          <ApolloProvider client={client}>
            {person ? <App person={person} settings={settings} /> : <SignInPage settings={settings} problem={problem} />}
          </ApolloProvider>
        </AntApp>
      </ConfigProvider>
    </StrictMode>,
  );
}

void start();
