import { type DType, type ReluBackend, SPECIAL_VALUES, arrayFromBits, elementBits, isNaNBits } from '@relu/core';

/** What one backend returns for one special value, against what SPEC.md requires. */
export interface SpecialValueOutcome {
  readonly backend: string;
  readonly dtype: DType;
  readonly label: string;
  readonly input: string;
  readonly expected: string;
  readonly actual: string;
  readonly conforms: boolean;
  /** Short reading of the output for the chart: 'x' (the input), '+0', '-0', 'NaN*' (another NaN), or the bits. */
  readonly shown: string;
}

function shown(dtype: DType, input: string, actual: string): string {
  if (isNaNBits(dtype, actual)) return actual === input ? 'x' : 'NaN*';
  if (actual === input) return 'x';
  if (/^0x0+$/.test(actual)) return '+0';
  if (/^0x80*$/.test(actual)) return '-0';
  return actual;
}

/** Runs every special value of `dtype` through each subject's backend and reads the outputs. */
export async function mapSpecialValues(subjects: readonly { readonly name: string; readonly backend: ReluBackend }[], dtype: DType): Promise<SpecialValueOutcome[]> {
  const values = SPECIAL_VALUES[dtype];
  const x = arrayFromBits(dtype, values.map((v) => v.input));
  const outcomes: SpecialValueOutcome[] = [];
  for (const { name, backend } of subjects.filter((s) => s.backend.dtypes.includes(dtype))) {
    const y = await backend.run(x, { dtype });
    values.forEach((v, i) => {
      const actual = elementBits(dtype, y, i);
      const conforms = v.expected === 'NaN' ? isNaNBits(dtype, actual) : actual === v.expected;
      outcomes.push({ backend: name, dtype, label: v.label, input: v.input, expected: v.expected, actual, conforms, shown: shown(dtype, v.input, actual) });
    });
  }
  return outcomes;
}
