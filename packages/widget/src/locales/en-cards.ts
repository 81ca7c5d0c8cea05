import type { OrderStatus, ReturnStatus } from '@sportello/protocol';

/**
 * The cards' texts (orders, returns, products) in English. A module of their own, imported only by
 * the cards' lazy chunk (panel/card-view.tsx), so they are not part of the panel's bytes; every
 * other locale carries its own in its module (`Texts & CardTexts`), with every status, or the build
 * fails.
 */
export const EN_CARDS = {
  order: 'Order {n}',
  orderStatus: 'Status',
  carrier: 'Carrier',
  trackingNumber: 'Tracking number',
  track: 'Track your parcel',
  expected: 'Expected delivery',
  items: 'Items',
  returnRef: 'Return {n}',
  nextSteps: 'Next steps',
  viewProduct: 'View product',
  inStock: 'In stock',
  lowStock: 'Only a few left',
  outOfStock: 'Out of stock',
  /** Read before a struck-through earlier price. */
  was: 'Was',
  // Files: sending them, and why one was not sent.
  uploading: 'Sending {name}…',
  fileTooLarge: '{name} is larger than {n} MB, the most this chat takes.',
  fileType: '{name} cannot be sent: this chat takes {kinds}.',
  fileRejected: '{name} cannot be sent: {why}',
  fileFailed: '{name} could not be sent. Check the connection and try again.',
  photos: 'photos',
  pdfs: 'PDF documents',
  and: 'and',
  filesNone: 'no files',
  photo: 'Photo {name}',
  fileWhy: 'it is not a plain photo or document.',
  // An order's and a return's status, by the code the store's platform gives.
  order_paid: 'Paid',
  order_processing: 'Being prepared',
  order_shipped: 'Shipped',
  order_out_for_delivery: 'Out for delivery',
  order_delivered: 'Delivered',
  order_cancelled: 'Cancelled',
  order_returned: 'Returned',
  return_pending_approval: 'Waiting for approval',
  return_approved: 'Approved',
  return_rejected: 'Declined',
  return_received: 'Received',
  return_refunded: 'Refunded',
};

// Every status a store can report has its text: a new status in the protocol fails the build here.
EN_CARDS satisfies Record<`order_${OrderStatus}` | `return_${ReturnStatus}`, string>;

export type CardTexts = typeof EN_CARDS;
