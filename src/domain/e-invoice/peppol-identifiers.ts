/**
 * The identifier checks Peppol BIS 3.0 makes fatal (PEPPOL-COMMON-R040…R050) for schemes whose
 * numbers carry check digits, so a document that would fail them is refused up front.
 */

const digits = (value: string, length?: number) =>
  (length === undefined ? /^[0-9]+$/ : new RegExp(`^[0-9]{${length}}$`)).test(value);

/** GS1 GLN (0088): the last digit is the GS1 mod-10 check digit. */
function isGln(value: string): boolean {
  if (!digits(value)) return false;
  const body = value.slice(0, -1).split('').reverse();
  const sum = body.reduce((total, digit, index) => total + Number(digit) * (index % 2 === 0 ? 3 : 1), 0);
  return (10 - (sum % 10)) % 10 === Number(value.at(-1));
}

/** Norwegian organisation number (0192): 9 digits, mod 11 with weights 3 2 7 6 5 4 3 2. */
function isNorwegianOrgNumber(value: string): boolean {
  if (!digits(value, 9)) return false;
  const weights = [3, 2, 7, 6, 5, 4, 3, 2];
  const sum = weights.reduce((total, weight, index) => total + weight * Number(value[index]), 0);
  const check = 11 - (sum % 11);
  return (check === 11 ? 0 : check) === Number(value[8]);
}

/** Danish CVR (0184): 8 digits, optionally prefixed DK. */
const isDanishCvr = (value: string) => /^(DK)?[0-9]{8}$/.test(value);

/** Belgian enterprise number (0208): 10 digits, the last two 97 − (first eight mod 97). */
function isBelgianEnterpriseNumber(value: string): boolean {
  if (!digits(value, 10)) return false;
  return 97 - (Number(value.slice(0, 8)) % 97) === Number(value.slice(8));
}

/** Swedish organisation number (0007): 10 digits, Luhn. */
function isSwedishOrgNumber(value: string): boolean {
  if (!digits(value, 10)) return false;
  const sum = value
    .split('')
    .map(Number)
    .reduce((total, digit, index) => {
      const weighted = index % 2 === 0 ? digit * 2 : digit;
      return total + (weighted > 9 ? weighted - 9 : weighted);
    }, 0);
  return sum % 10 === 0;
}

/** Australian Business Number (0151): 11 digits, weighted mod 89 after subtracting 1 from the first. */
function isAbn(value: string): boolean {
  if (!digits(value, 11)) return false;
  const weights = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19];
  const sum = weights.reduce((total, weight, index) => total + weight * (Number(value[index]) - (index === 0 ? 1 : 0)), 0);
  return sum % 89 === 0;
}

const checks: Readonly<Record<string, (value: string) => boolean>> = {
  '0088': isGln,
  '0192': isNorwegianOrgNumber,
  '0184': isDanishCvr,
  '0208': isBelgianEnterpriseNumber,
  '0007': isSwedishOrgNumber,
  '0151': isAbn,
};

/** Whether Peppol's fatal check for `scheme` (if it has one) accepts `value`. */
export function passesPeppolIdentifierCheck(scheme: string, value: string): boolean {
  return checks[scheme]?.(value) ?? true;
}
