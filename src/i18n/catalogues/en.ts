/**
 * English (en-US formats): the reference catalogue. Its keys are the catalogue's keys; every
 * other language must translate each of them with the same arguments (test/i18n checks).
 * Messages are ICU MessageFormat: `{name}` is an argument, `{count, plural, …}` and
 * `{category, select, …}` choose a form. Amounts and dates arrive formatted.
 */
export default {
  locale: 'en-US',
  messages: {
    // Documents
    'document.invoice': 'Invoice',
    'document.creditNote': 'Credit note',
    'document.draftMark': 'DRAFT',
    'document.voidMark': 'VOID',
    'document.invoiceReference': '{state, select, draft {Invoice DRAFT} void {Invoice {number} VOID} other {Invoice {number}}}',
    'document.creditNoteReference': 'Credit note {number}',
    'document.issueDate': 'Issue date',
    'document.dueDate': 'Due date',
    'document.dueOn': 'Due {date}',
    'document.deliveryDate': 'Delivery date',
    'document.buyerReference': 'Your reference',
    'document.purchaseOrder': 'Purchase order',
    'document.creditedInvoice': 'Credited invoice',
    'document.amountsIn': 'Amounts in {currency}',

    // Invoice states as badges (hosted page, emails)
    'status.paid': 'Paid',
    'status.overdue': 'Overdue',
    'status.void': 'Void',
    'status.uncollectible': 'Uncollectible',

    // Parties
    'party.seller': 'From',
    'party.buyer': 'Bill to',
    'party.tradingAs': 'Trading as {name}',
    'party.vatId': 'VAT ID {vatId}',
    'party.legalId': 'Reg. no. {legalId}',
    'party.legalIdWithScheme': 'Reg. no. {legalId} (ICD {scheme})',
    'party.attention': 'Attn. {name}',

    // The lines table
    'lines.position': '#',
    'lines.description': 'Description',
    'lines.quantity': 'Qty',
    'lines.unit': 'Unit',
    'lines.unitPrice': 'Unit price',
    'lines.taxRate': 'VAT %',
    'lines.net': 'Net',
    'lines.total': 'Total',

    // VAT: the summary per category and rate; `rate` arrives formatted ("19%")
    'tax.summary': 'VAT summary',
    'tax.taxableAmount': 'Taxable amount',
    'tax.amount': 'VAT',
    'tax.category':
      '{category, select, S {Standard rate} Z {Zero rated} E {Exempt from VAT} AE {Reverse charge} K {Intra-Community supply} G {Export outside the EU} O {Not subject to VAT} other {{category}}}',
    'tax.row': '{name} ({category}) {rate}',
    // What the law asks an invoice to say for these categories (Directive 2006/112/EC, Art. 226)
    'tax.note.AE': 'Reverse charge: the customer accounts for the VAT',
    'tax.note.K': 'VAT-exempt intra-Community supply',

    // Totals
    'totals.subtotal': 'Subtotal',
    'totals.tax': 'VAT',
    'totals.total': 'Total',
    'totals.paid': 'Paid',
    'totals.amountDue': 'Amount due',
    'totals.appliedToBalance': 'Applied to balance',
    'totals.refundDue': 'Refund due',
    'totals.credited': 'Credited',
    // Discounts, allowances and charges: `percent`, `rate` and `amount` arrive formatted; `reason` is the
    // seller's text or the code's name (adjustment.*Code, UNCL 5189 / 7161), `kind` is percent or amount
    'totals.lineTotal': 'Line total',
    'totals.allowance':
      '{kind, select, percent {Allowance {percent} ({rate} VAT): {reason}} other {Allowance ({rate} VAT): {reason}}}',
    'totals.charge':
      '{kind, select, percent {Charge {percent} ({rate} VAT): {reason}} other {Charge ({rate} VAT): {reason}}}',
    'totals.allowanceTotal': 'Total allowances',
    'totals.chargeTotal': 'Total charges',
    'lines.discount':
      '{kind, select, percent {Discount {percent}: {amount}} other {Discount: {amount}}}{withReason, select, yes { ({reason})} other {}}',
    'adjustment.allowanceCode':
      '{code, select, 41 {Bonus for works ahead of schedule} 42 {Other bonus} 60 {Manufacturer’s consumer discount} 62 {Due to military status} 63 {Due to work accident} 64 {Special agreement} 65 {Production error discount} 66 {New outlet discount} 67 {Sample discount} 68 {End-of-range discount} 70 {Incoterm discount} 71 {Point of sales threshold allowance} 88 {Material surcharge/deduction} 95 {Discount} 100 {Special rebate} 102 {Fixed long term} 103 {Temporary} 104 {Standard} 105 {Yearly turnover} other {Code {code}}}',
    'adjustment.chargeCode':
      '{code, select, FC {Freight} ABL {Additional packaging} ABK {Miscellaneous} ADK {Shipping} ADR {Other services} PC {Packing} SAA {Shipping and handling} DL {Delivery} FI {Financing} IS {Invoicing} TAC {Testing} LA {Labelling} other {Code {code}}}',

    // Blocks after the totals
    'payment.heading': 'Payment details',
    'payment.accountHolder': 'Account holder: {name}',
    'payment.iban': 'IBAN: {iban}',
    'payment.bic': 'BIC: {bic}',
    'payment.reference': 'Payment reference: {reference}',
    'section.notes': 'Notes',
    'section.reason': 'Reason',

    // The hosted page (/i/:token, /c/:token)
    'page.downloads': 'Downloads',
    'page.downloadPdf': 'Download PDF',
    'page.downloadUbl': 'Download e-invoice (UBL XML)',
    'page.payByTransfer': 'Pay by bank transfer',
    'page.transferInstructions': 'Transfer {amount} to this account, with {reference} as the payment reference.',
    'page.scanToPay': 'Scan with your banking app to pay {amount}',
    'page.nothingDue': 'Nothing is due.',
    'page.lines': 'Items',
    'page.notFoundTitle': 'Link not found',
    'page.notFoundText': 'This link does not open a document, or it has been replaced by a newer one. Ask the sender for the current link.',

    // PDF pages
    'pdf.continued': '{reference} (continued)',
    'pdf.page': '{reference} · Page {page} of {pages}',

    // Emails (src/mail/)
    'email.invoice.subject': 'Invoice {number} from {seller}',
    'email.invoice.intro': '{seller} has sent you invoice {number}.',
    'email.invoice.amountDue': 'Amount due: {amount}, payable by {date}.',
    'email.invoice.nothingDue': 'Nothing is due on this invoice.',
    'email.invoice.viewOnline': 'View the invoice online',
    'email.creditNote.subject': 'Credit note {number} from {seller}',
    'email.creditNote.intro': '{seller} has sent you credit note {number} for invoice {invoiceNumber}.',
    'email.creditNote.total': 'Amount credited: {amount}.',
    'email.creditNote.viewOnline': 'View the credit note online',
    'email.attached': 'Attached: {files}',
    'email.closing': 'Kind regards,',
    'email.passwordReset.subject': 'Reset your password',
    'email.passwordReset.intro': 'Someone asked to reset the password of your account. The link below works once, within 30 minutes.',
    'email.passwordReset.action': 'Choose a new password',
    'email.passwordReset.ignore': 'If you did not ask for this, ignore this message: your password stays as it is.',
    'email.reminder.dueSubject': 'Reminder: invoice {number} is due on {date}',
    'email.reminder.overdueSubject': 'Reminder: invoice {number} is overdue',
    'email.reminder.dueIntro': 'This is a friendly reminder that invoice {number} from {seller} is due on {date}.',
    'email.reminder.overdueIntro': 'This is a friendly reminder that invoice {number} from {seller} was due on {date} and is still open.',

    // Units (UN/ECE Rec 20 codes) whose names differ between languages; SI symbols are in format.ts
    'unit.C62': 'pcs',
    'unit.H87': 'pcs',
    'unit.EA': 'each',
    'unit.SET': '{count, plural, one {set} other {sets}}',
    'unit.HUR': 'h',
    'unit.MIN': 'min',
    'unit.SEC': 's',
    'unit.DAY': '{count, plural, one {day} other {days}}',
    'unit.WEE': '{count, plural, one {week} other {weeks}}',
    'unit.MON': '{count, plural, one {month} other {months}}',
    'unit.ANN': '{count, plural, one {year} other {years}}',
    'unit.E48': '{count, plural, one {service} other {services}}',
  },
} as const;
