// Types for parse-prometheus-text-format (a Prometheus text exposition parser, used to read /metrics).
declare module 'parse-prometheus-text-format' {
  export interface PromMetric {
    name: string;
    help: string;
    type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
    metrics: Array<{ value?: string; labels?: Record<string, string>; buckets?: Record<string, string>; count?: string; sum?: string }>;
  }
  export default function parsePrometheusTextFormat(text: string): PromMetric[];
}
