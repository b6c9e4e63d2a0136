/** See demo-activity.js. */
export function addDemoActivity(
  base: string,
  options: {
    reporter: { email: string; password: string };
    approver: { email: string; password: string };
    bureauName: string;
    planYear: number;
    today?: Date;
  },
): Promise<{ closed: number; underway: number; late: number; assigned: number }>;
