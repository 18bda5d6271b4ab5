/** Spanish (es-ES formats). A credit note is Spain's "factura rectificativa". */
import type { Catalogue } from '../catalogue.js';

export default {
  locale: 'es-ES',
  messages: {
    'document.invoice': 'Factura',
    'document.creditNote': 'Factura rectificativa',
    'document.draftMark': 'BORRADOR',
    'document.voidMark': 'ANULADA',
    'document.invoiceReference':
      '{state, select, draft {Factura BORRADOR} void {Factura {number} ANULADA} other {Factura {number}}}',
    'document.creditNoteReference': 'Factura rectificativa {number}',
    'document.issueDate': 'Fecha de expedición',
    'document.dueDate': 'Fecha de vencimiento',
    'document.dueOn': 'Vence el {date}',
    'document.deliveryDate': 'Fecha de la operación',
    'document.buyerReference': 'Su referencia',
    'document.purchaseOrder': 'Número de pedido',
    'document.creditedInvoice': 'Factura rectificada',
    'document.amountsIn': 'Importes en {currency}',

    'status.paid': 'Pagada',
    'status.overdue': 'Vencida',
    'status.void': 'Anulada',
    'status.uncollectible': 'Incobrable',

    'party.seller': 'Emisor',
    'party.buyer': 'Cliente',
    'party.tradingAs': 'Nombre comercial: {name}',
    'party.vatId': 'NIF-IVA {vatId}',
    'party.legalId': 'N.º de registro {legalId}',
    'party.legalIdWithScheme': 'N.º de registro {legalId} (ICD {scheme})',
    'party.attention': 'A la atención de {name}',

    'lines.position': 'N.º',
    'lines.description': 'Descripción',
    'lines.quantity': 'Cant.',
    'lines.unit': 'Unidad',
    'lines.unitPrice': 'Precio unitario',
    'lines.taxRate': 'IVA %',
    'lines.net': 'Importe',
    'lines.total': 'Total',

    'tax.summary': 'Desglose del IVA',
    'tax.taxableAmount': 'Base imponible',
    'tax.amount': 'Cuota de IVA',
    'tax.category':
      '{category, select, S {Tipo general} Z {Tipo cero} E {Exento de IVA} AE {Inversión del sujeto pasivo} K {Entrega intracomunitaria} G {Exportación fuera de la UE} O {No sujeto a IVA} other {{category}}}',
    'tax.row': '{name} ({category}) {rate}',
    'tax.note.AE': 'Inversión del sujeto pasivo: el IVA lo liquida el destinatario',
    'tax.note.K': 'Entrega intracomunitaria exenta de IVA',

    'totals.subtotal': 'Base imponible',
    'totals.tax': 'IVA',
    'totals.total': 'Total',
    'totals.paid': 'Pagado',
    'totals.amountDue': 'Importe pendiente',
    'totals.appliedToBalance': 'Aplicado al saldo de la factura',
    'totals.refundDue': 'Importe a reembolsar',
    'totals.credited': 'Abonado',
    'totals.lineTotal': 'Total de las líneas',
    'totals.allowance':
      '{kind, select, percent {Descuento {percent} (IVA {rate}): {reason}} other {Descuento (IVA {rate}): {reason}}}',
    'totals.charge':
      '{kind, select, percent {Cargo {percent} (IVA {rate}): {reason}} other {Cargo (IVA {rate}): {reason}}}',
    'totals.allowanceTotal': 'Total de descuentos',
    'totals.chargeTotal': 'Total de cargos',
    'lines.discount':
      '{kind, select, percent {Descuento {percent}: {amount}} other {Descuento: {amount}}}{withReason, select, yes { ({reason})} other {}}',
    'adjustment.allowanceCode':
      '{code, select, 41 {Bonificación por obras adelantadas} 42 {Otra bonificación} 60 {Descuento del fabricante al consumidor} 62 {Descuento por condición militar} 63 {Descuento por accidente laboral} 64 {Acuerdo especial} 65 {Descuento por defecto de producción} 66 {Descuento por nuevo punto de venta} 67 {Descuento por muestra} 68 {Descuento por fin de serie} 70 {Descuento Incoterm} 71 {Descuento por umbral en punto de venta} 88 {Recargo o deducción por material} 95 {Descuento} 100 {Rebaja especial} 102 {Descuento fijo a largo plazo} 103 {Descuento temporal} 104 {Descuento estándar} 105 {Descuento por volumen anual} other {Código {code}}}',
    'adjustment.chargeCode':
      '{code, select, FC {Flete} ABL {Embalaje adicional} ABK {Varios} ADK {Envío} ADR {Otros servicios} PC {Embalaje} SAA {Envío y manipulación} DL {Entrega} FI {Financiación} IS {Facturación} TAC {Pruebas} LA {Etiquetado} other {Código {code}}}',

    'payment.heading': 'Datos de pago',
    'payment.accountHolder': 'Titular de la cuenta: {name}',
    'payment.iban': 'IBAN: {iban}',
    'payment.bic': 'BIC: {bic}',
    'payment.reference': 'Concepto del pago: {reference}',
    'section.notes': 'Observaciones',
    'section.reason': 'Motivo de la rectificación',

    'page.downloads': 'Descargas',
    'page.downloadPdf': 'Descargar PDF',
    'page.downloadUbl': 'Descargar factura electrónica (XML UBL)',
    'page.payByTransfer': 'Pagar por transferencia',
    'page.transferInstructions': 'Transfiera {amount} a esta cuenta, indicando {reference} como referencia del pago.',
    'page.scanToPay': 'Escanee con su app bancaria para pagar {amount}',
    'page.nothingDue': 'No hay importe pendiente.',
    'page.lines': 'Conceptos',
    'page.notFoundTitle': 'Enlace no encontrado',
    'page.notFoundText': 'Este enlace no abre ningún documento o ha sido sustituido por uno más reciente. Pida el enlace actual al remitente.',

    'pdf.continued': '{reference} (continuación)',
    'pdf.page': '{reference} · Página {page} de {pages}',

    'unit.C62': 'ud.',
    'unit.H87': 'ud.',
    'unit.EA': 'ud.',
    'unit.SET': '{count, plural, one {juego} other {juegos}}',
    'unit.HUR': 'h',
    'unit.MIN': 'min',
    'unit.SEC': 's',
    'unit.DAY': '{count, plural, one {día} other {días}}',
    'unit.WEE': '{count, plural, one {semana} other {semanas}}',
    'unit.MON': '{count, plural, one {mes} other {meses}}',
    'unit.ANN': '{count, plural, one {año} other {años}}',
    'unit.E48': '{count, plural, one {servicio} other {servicios}}',
  },
} satisfies Catalogue;
