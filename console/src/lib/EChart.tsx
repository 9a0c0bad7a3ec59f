import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

/** One ECharts chart; `label` names it for screen readers (the canvas itself says nothing). */
export function EChart({ option, label, height = 300 }: { option: echarts.EChartsCoreOption; label: string; height?: number }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = echarts.init(element.current!, undefined, { renderer: 'canvas' });
    // No animation: the numbers are what matter, and a screenshot or a slow machine sees the final chart.
    chart.setOption({ animation: false, ...option });
    const onResize = () => chart.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.dispose();
    };
  }, [option]);
  // ECharts writes its own aria-label on the element it draws in; the label lives on a wrapper.
  return (
    <div role="img" aria-label={label}>
      <div ref={element} style={{ width: '100%', height }} />
    </div>
  );
}
