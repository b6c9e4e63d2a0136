/** See dated-samples.js. */
export function datedSampleTexts(
  root: string,
  now?: Date,
): { planYear: number; samples: Array<{ name: string; text: string }> };
