import { useApolloClient, useQuery } from '@apollo/client/react';
import { Alert, Button, Card, Descriptions, Input, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { AuditCheckpointQuery, AuditProofQuery } from '../../api/operations';
import { describeError } from '../../lib/errors';
import { formatTime } from '../../lib/format';
import { checkpointSignatureValid, keyIdOfPem, rootFromInclusionProof } from '../../lib/merkle';

interface Verdict {
  ok: boolean;
  lines: string[];
}

/**
 * The latest signed tree head, and an inclusion proof of one event checked here in the browser
 * (RFC 9162 path → root with WebCrypto SHA-256, the checkpoint's Ed25519 JWS).
 */
export function CheckpointPanel({ eventId }: { eventId?: string }) {
  const client = useApolloClient();
  const checkpoint = useQuery(AuditCheckpointQuery);
  const [id, setId] = useState(eventId ?? '');
  const [verdict, setVerdict] = useState<Verdict>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const check = async (target: string) => {
    setBusy(true);
    setVerdict(undefined);
    setError(undefined);
    try {
      const { data } = await client.query({ query: AuditProofQuery, variables: { eventId: target } });
      const proof = data!.auditProof;
      const lines: string[] = [];
      const root = await rootFromInclusionProof(proof.leafIndex, proof.treeSize, proof.leafHash, proof.path);
      const pathOk = root !== undefined && root === proof.rootHash.toLowerCase();
      lines.push(pathOk ? `路径校验通过：第 ${proof.leafIndex} 条记录经 ${proof.path.length} 个兄弟节点得到根哈希 ${root}` : `路径校验失败：计算所得根 ${root ?? '（无）'} 与证明的根 ${proof.rootHash} 不符`);
      let signed = false;
      if (proof.checkpoint) {
        const cp = proof.checkpoint;
        const sameRoot = cp.treeSize === proof.treeSize && cp.rootHash.toLowerCase() === proof.rootHash.toLowerCase();
        const payloadMatches = cp.signedPayload.split('\n')[1] === String(cp.treeSize) && cp.signedPayload.split('\n')[2] === cp.rootHash.toLowerCase();
        const kid = await keyIdOfPem(cp.publicKey);
        const signatureOk = await checkpointSignatureValid(cp.publicKey, cp.signedPayload, cp.jws).catch(() => false);
        signed = sameRoot && payloadMatches && signatureOk && kid === cp.keyId;
        lines.push(signed ? `检查点签名有效（Ed25519，密钥 ${kid}），树大小 ${cp.treeSize}，签于 ${formatTime(cp.timestamp)}` : '检查点签名或内容不符');
        lines.push('请将密钥编号与线下公布的审计公钥比对。');
      } else {
        lines.push('该树大小没有签名检查点');
      }
      setVerdict({ ok: pathOk && signed, lines });
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    if (eventId) {
      setId(eventId);
      void check(eventId);
    }
  }, [eventId]);

  const cp = checkpoint.data?.auditCheckpoint;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title="最新签名树头" extra={<Button size="small" onClick={() => void checkpoint.refetch()}>刷新</Button>}>
        {checkpoint.error && <Alert type="error" showIcon title={describeError(checkpoint.error)} />}
        {cp && (
          <Descriptions size="small" column={1} items={[
            { key: 'size', label: '树大小', children: cp.treeSize },
            { key: 'root', label: '根哈希', children: <Typography.Text code>{cp.rootHash}</Typography.Text> },
            { key: 'time', label: '签名时间', children: formatTime(cp.timestamp) },
            { key: 'kid', label: '密钥编号', children: <Typography.Text code>{cp.keyId}</Typography.Text> },
          ]} />
        )}
      </Card>
      <Card size="small" title="在浏览器中校验包含证明（RFC 9162）">
        <Space>
          <Input aria-label="审计事件编号" placeholder="审计事件编号" value={id} onChange={(e) => setId(e.target.value)} style={{ width: 360 }} onPressEnter={() => id.trim() && void check(id.trim())} />
          <Button type="primary" loading={busy} disabled={!id.trim()} onClick={() => void check(id.trim())}>校验</Button>
        </Space>
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
        {verdict && (
          <Alert
            data-testid="proof-verdict"
            style={{ marginTop: 12 }}
            type={verdict.ok ? 'success' : 'error'}
            showIcon
            title={verdict.ok ? '包含证明校验通过' : '包含证明校验未通过'}
            description={verdict.lines.map((line) => <div key={line}>{line}</div>)}
          />
        )}
      </Card>
    </Space>
  );
}
