import { Button, Space, Typography } from 'antd';
import { useState } from 'react';

/**
 * Keyset paging on the server: the cursors of the pages seen so far, so 上一页 goes back
 * without the server counting offsets.
 */
export function useCursorPages(pageSize = 20) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1];
  return {
    first: pageSize,
    after,
    page: cursors.length,
    next: (endCursor: string | null | undefined) => endCursor && setCursors((list) => [...list, endCursor]),
    previous: () => setCursors((list) => (list.length > 1 ? list.slice(0, -1) : list)),
    reset: () => setCursors([null]),
  };
}

export function PagerBar({ pages, hasNextPage, endCursor, total, loading }: {
  pages: ReturnType<typeof useCursorPages>;
  hasNextPage: boolean | undefined;
  endCursor: string | null | undefined;
  total?: number;
  loading?: boolean;
}) {
  return (
    <Space style={{ marginTop: 12, justifyContent: 'flex-end', width: '100%' }}>
      {total !== undefined && <Typography.Text type="secondary">共 {total} 条</Typography.Text>}
      <Typography.Text type="secondary">第 {pages.page} 页</Typography.Text>
      <Button size="small" disabled={pages.page === 1 || loading} onClick={pages.previous}>上一页</Button>
      <Button size="small" disabled={!hasNextPage || loading} onClick={() => pages.next(endCursor)}>下一页</Button>
    </Space>
  );
}
