import { useTranslation } from 'react-i18next';
import type { BureauMismatch } from '../api/types';

/** What the person decided about a report whose bureau is not where it would be filed. */
export type BureauChoice = '' | 'ours' | 'other';

interface Props {
  mismatch: BureauMismatch;
  choice: BureauChoice;
  onChoice: (choice: BureauChoice) => void;
  /** May file under another bureau: the matched one (when writable) or one chosen in the bureau field. */
  otherAllowed: boolean;
  /** The existing bureau the report names, when this person may file there. */
  matchedWritable: boolean;
}

/**
 * The preview's warning when the report's bureau clearly is not the one it would be filed under
 * (赣州市司法局's report uploaded by 杭州市西湖区司法局): nothing is saved until the person chooses.
 */
export function BureauMismatchNotice({ mismatch, choice, onChoice, otherAllowed, matchedWritable }: Props) {
  const { t } = useTranslation();
  const target = mismatch.filedUnder.name;
  return (
    <div className="mismatch-box" role="alert" aria-labelledby="mismatch-title">
      <strong id="mismatch-title">{t('upload.mismatch.title')}</strong>
      <p>
        {mismatch.createsBureau
          ? t('upload.mismatch.createsUnder', { parsed: mismatch.parsedBureau, target })
          : t('upload.mismatch.filedUnder', { parsed: mismatch.parsedBureau, target })}
        {mismatch.uploaderBureau && mismatch.uploaderBureau !== target
          ? ` ${t('upload.mismatch.yours', { name: mismatch.uploaderBureau })}`
          : ''}
      </p>
      <fieldset className="choices">
        <legend>{t('upload.mismatch.choose')}</legend>
        <label className="radio">
          <input type="radio" name="bureau-choice" checked={choice === 'ours'} onChange={() => onChoice('ours')} />{' '}
          {mismatch.createsBureau
            ? t('upload.mismatch.oursCreates', { parsed: mismatch.parsedBureau, target })
            : t('upload.mismatch.ours', { target })}
        </label>
        <label className="radio">
          <input
            type="radio"
            name="bureau-choice"
            checked={choice === 'other'}
            disabled={!otherAllowed}
            onChange={() => onChoice('other')}
          />{' '}
          {mismatch.matchedBureau && matchedWritable
            ? t('upload.mismatch.matched', { name: mismatch.matchedBureau.name })
            : t('upload.mismatch.other')}
        </label>
        {!otherAllowed && <p className="muted small">{t('upload.mismatch.staffOnlyOwn')}</p>}
      </fieldset>
      {choice === '' && <p className="small">{t('upload.mismatch.required')}</p>}
    </div>
  );
}
