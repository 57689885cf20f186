import { formatCount } from "./run-format";

const width = 720;
const height = 180;
const pad = { left: 56, right: 12, top: 12, bottom: 26 };

/** Records per second over time, from the run's speed samples (one every second or so). */
export function SpeedChart({
  samples,
  startedAt,
  running,
}: {
  samples: { at: string; recordsPerSecond: number }[];
  startedAt: string | null;
  running: boolean;
}) {
  if (samples.length < 2 || !startedAt) {
    return (
      <div className="flex h-[180px] items-center justify-center rounded-md border border-dashed border-slate-200 text-sm text-slate-400">
        {startedAt && samples.length < 2 && !running
          ? "The run was too short for a speed chart (one sample a second); its average speed is above."
          : samples.length
            ? "Collecting speed samples…"
            : "The chart fills in once the run is reading records."}
      </div>
    );
  }
  const start = new Date(startedAt).getTime();
  const points = samples.map((sample) => ({ t: (new Date(sample.at).getTime() - start) / 1000, v: sample.recordsPerSecond }));
  const maxT = Math.max(1, ...points.map((p) => p.t));
  const maxV = niceCeiling(Math.max(10, ...points.map((p) => p.v)));
  const x = (t: number) => pad.left + (t / maxT) * (width - pad.left - pad.right);
  const y = (v: number) => pad.top + (1 - v / maxV) * (height - pad.top - pad.bottom);
  const line = points.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(" ");
  const area = `${x(points[0]!.t).toFixed(1)},${y(0)} ${line} ${x(points.at(-1)!.t).toFixed(1)},${y(0)}`;
  const ticks = [0, 0.5, 1].map((f) => maxV * f);
  return (
    <svg viewBox={`0 0 ${width} ${height}`} className="h-auto w-full" role="img" aria-label="Records per second over time">
      {ticks.map((tick) => (
        <g key={tick}>
          <line x1={pad.left} x2={width - pad.right} y1={y(tick)} y2={y(tick)} className="stroke-slate-200" strokeDasharray={tick ? "3 3" : undefined} />
          <text x={pad.left - 6} y={y(tick) + 4} textAnchor="end" className="fill-slate-500 text-[10px]">
            {formatCount(tick)}
          </text>
        </g>
      ))}
      <polygon points={area} className="fill-brand-100/70" />
      <polyline points={line} fill="none" className="stroke-brand-600" strokeWidth={2} strokeLinejoin="round" />
      <text x={pad.left} y={height - 6} className="fill-slate-500 text-[10px]">
        0 s
      </text>
      <text x={width - pad.right} y={height - 6} textAnchor="end" className="fill-slate-500 text-[10px]">
        {Math.round(maxT)} s
      </text>
      <text x={(pad.left + width) / 2} y={height - 6} textAnchor="middle" className="fill-slate-400 text-[10px]">
        records per second through the channels · time since the run started
      </text>
    </svg>
  );
}

function niceCeiling(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (value <= step * magnitude) return step * magnitude;
  return 10 * magnitude;
}
