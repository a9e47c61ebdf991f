/**
 * A thin ECharts wrapper: only the bar and pie charts and the components the dashboards use are
 * bundled (echarts/core), rendered on a canvas, resized with its container.
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** What a click on a bar or slice reports (drill-down). */
export interface ChartClick {
  name: string;
  dataIndex: number;
  seriesName?: string;
}

export function Chart({
  option,
  height = 260,
  testId,
  onClick,
}: {
  option: EChartsCoreOption;
  height?: number;
  testId?: string;
  onClick?: (e: ChartClick) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;

  useEffect(() => {
    if (!ref.current) return;
    const c = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) =>
      clickRef.current?.({ name: String(p.name), dataIndex: p.dataIndex, seriesName: p.seriesName }),
    );
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(ref.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return (
    <div ref={ref} style={{ width: '100%', height, cursor: onClick ? 'pointer' : undefined }} data-testid={testId} />
  );
}
