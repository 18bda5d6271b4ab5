/** Portuguese (pt-PT formats). */
import type { Catalogue } from '../catalogue.js';

export default {
  locale: 'pt-PT',
  messages: {
    'document.invoice': 'Fatura',
    'document.creditNote': 'Nota de crédito',
    'document.draftMark': 'RASCUNHO',
    'document.voidMark': 'ANULADA',
    'document.invoiceReference':
      '{state, select, draft {Fatura RASCUNHO} void {Fatura {number} ANULADA} other {Fatura {number}}}',
    'document.creditNoteReference': 'Nota de crédito {number}',
    'document.issueDate': 'Data de emissão',
    'document.dueDate': 'Data de vencimento',
    'document.dueOn': 'Vence a {date}',
    'document.deliveryDate': 'Data de entrega',
    'document.buyerReference': 'A sua referência',
    'document.purchaseOrder': 'Nota de encomenda',
    'document.creditedInvoice': 'Fatura retificada',
    'document.amountsIn': 'Valores em {currency}',

    'status.paid': 'Paga',
    'status.overdue': 'Vencida',
    'status.void': 'Anulada',
    'status.uncollectible': 'Incobrável',

    'party.seller': 'Fornecedor',
    'party.buyer': 'Cliente',
    'party.tradingAs': 'Nome comercial: {name}',
    'party.vatId': 'NIF {vatId}',
    'party.legalId': 'N.º de registo {legalId}',
    'party.legalIdWithScheme': 'N.º de registo {legalId} (ICD {scheme})',
    'party.attention': 'Ao cuidado de {name}',

    'lines.position': 'N.º',
    'lines.description': 'Descrição',
    'lines.quantity': 'Qtd.',
    'lines.unit': 'Unidade',
    'lines.unitPrice': 'Preço unitário',
    'lines.taxRate': 'IVA %',
    'lines.net': 'Valor líquido',
    'lines.total': 'Valor c/ IVA',

    'tax.summary': 'Resumo do IVA',
    'tax.taxableAmount': 'Base tributável',
    'tax.amount': 'IVA',
    'tax.category':
      '{category, select, S {Taxa normal} Z {Taxa zero} E {Isento de IVA} AE {Autoliquidação} K {Transmissão intracomunitária} G {Exportação para fora da UE} O {Não sujeito a IVA} other {{category}}}',
    'tax.row': '{name} ({category}) {rate}',
    'tax.note.AE': 'Autoliquidação: IVA devido pelo adquirente',
    'tax.note.K': 'Transmissão intracomunitária isenta de IVA',

    'totals.subtotal': 'Total ilíquido',
    'totals.tax': 'IVA',
    'totals.total': 'Total a pagar',
    'totals.paid': 'Pago',
    'totals.amountDue': 'Valor em dívida',
    'totals.appliedToBalance': 'Abatido ao saldo da fatura',
    'totals.refundDue': 'Valor a reembolsar',
    'totals.credited': 'Creditado',
    'totals.lineTotal': 'Total das linhas',
    'totals.allowance':
      '{kind, select, percent {Desconto {percent} (IVA {rate}): {reason}} other {Desconto (IVA {rate}): {reason}}}',
    'totals.charge':
      '{kind, select, percent {Encargo {percent} (IVA {rate}): {reason}} other {Encargo (IVA {rate}): {reason}}}',
    'totals.allowanceTotal': 'Total de descontos',
    'totals.chargeTotal': 'Total de encargos',
    'lines.discount':
      '{kind, select, percent {Desconto {percent}: {amount}} other {Desconto: {amount}}}{withReason, select, yes { ({reason})} other {}}',
    'adjustment.allowanceCode':
      '{code, select, 41 {Bónus por trabalhos antecipados} 42 {Outro bónus} 60 {Desconto do fabricante ao consumidor} 62 {Desconto por estatuto militar} 63 {Desconto por acidente de trabalho} 64 {Acordo especial} 65 {Desconto por defeito de produção} 66 {Desconto de novo ponto de venda} 67 {Desconto de amostra} 68 {Desconto de fim de série} 70 {Desconto Incoterm} 71 {Desconto por limiar no ponto de venda} 88 {Acréscimo ou dedução de material} 95 {Desconto} 100 {Abatimento especial} 102 {Desconto fixo de longo prazo} 103 {Desconto temporário} 104 {Desconto padrão} 105 {Desconto por volume anual} other {Código {code}}}',
    'adjustment.chargeCode':
      '{code, select, FC {Frete} ABL {Embalagem adicional} ABK {Diversos} ADK {Expedição} ADR {Outros serviços} PC {Embalagem} SAA {Expedição e manuseamento} DL {Entrega} FI {Financiamento} IS {Faturação} TAC {Ensaios} LA {Etiquetagem} other {Código {code}}}',

    'payment.heading': 'Dados de pagamento',
    'payment.accountHolder': 'Titular da conta: {name}',
    'payment.iban': 'IBAN: {iban}',
    'payment.bic': 'BIC: {bic}',
    'payment.reference': 'Referência de pagamento: {reference}',
    'section.notes': 'Observações',
    'section.reason': 'Motivo',

    'page.downloads': 'Ficheiros',
    'page.downloadPdf': 'Descarregar PDF',
    'page.downloadUbl': 'Descarregar fatura eletrónica (XML UBL)',
    'page.payByTransfer': 'Pagar por transferência bancária',
    'page.transferInstructions': 'Transfira {amount} para esta conta, indicando {reference} como referência do pagamento.',
    'page.scanToPay': 'Digitalize com a sua app bancária para pagar {amount}',
    'page.nothingDue': 'Não há nada a pagar.',
    'page.lines': 'Linhas',
    'page.notFoundTitle': 'Ligação não encontrada',
    'page.notFoundText': 'Esta ligação não abre nenhum documento, ou foi substituída por uma mais recente. Peça a ligação atual ao remetente.',

    'pdf.continued': '{reference} (continuação)',
    'pdf.page': '{reference} · Página {page} de {pages}',

    'unit.C62': 'un.',
    'unit.H87': 'un.',
    'unit.EA': 'un.',
    'unit.SET': '{count, plural, one {conjunto} other {conjuntos}}',
    'unit.HUR': 'h',
    'unit.MIN': 'min',
    'unit.SEC': 's',
    'unit.DAY': '{count, plural, one {dia} other {dias}}',
    'unit.WEE': '{count, plural, one {semana} other {semanas}}',
    'unit.MON': '{count, plural, one {mês} other {meses}}',
    'unit.ANN': '{count, plural, one {ano} other {anos}}',
    'unit.E48': '{count, plural, one {serviço} other {serviços}}',
  },
} satisfies Catalogue;
