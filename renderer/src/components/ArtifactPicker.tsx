import type { OpenArtifact } from '../views/view-contract.ts';

/** The other open artifacts of the same format as `artifact` (the ones it can be compared with). */
export function sameFormat(artifact: OpenArtifact, others: readonly OpenArtifact[]): OpenArtifact[] {
  return others.filter((o) => o.id !== artifact.id && o.result.format === artifact.result.format);
}

interface Props {
  /** Visible label before the list. */
  label: string;
  /** Accessible name of the list. */
  ariaLabel: string;
  candidates: readonly OpenArtifact[];
  /** Engine id of the chosen artifact. */
  value: string;
  onChange: (id: string) => void;
  className?: string;
  testId?: string;
}

/** Chooses one of `candidates` (by file name) — e.g. the base of a comparison. */
export function ArtifactPicker({ label, ariaLabel, candidates, value, onChange, className, testId }: Props) {
  return (
    <label className={className}>
      {label}{' '}
      <select
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-label={ariaLabel}
        data-testid={testId}
      >
        {candidates.map((c) => (
          <option key={c.id} value={c.id} data-raw>
            {c.result.file}
          </option>
        ))}
      </select>
    </label>
  );
}
