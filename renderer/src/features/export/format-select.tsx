import { EXPORT_FORMAT_SPECS } from '../../../../shared/export/formats/index';
import { EXPORT_FORMATS, type ExportFormat } from '../../../../shared/export/settings';

/** A choice of export format, each option titled with the format's summary. */
export function FormatSelect({ label, value, onChange }: { label: string; value: ExportFormat; onChange: (format: ExportFormat) => void }): React.JSX.Element {
  return (
    <select aria-label={label} value={value} onChange={(event) => onChange(event.target.value as ExportFormat)}>
      {EXPORT_FORMATS.map((name) => (
        <option key={name} value={name} title={EXPORT_FORMAT_SPECS[name].summary}>
          {name}
        </option>
      ))}
    </select>
  );
}
