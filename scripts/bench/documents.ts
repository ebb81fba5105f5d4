/**
 * Inputs of the benchmarks, built deterministically in the run: the 300-table document (the
 * Markdown tests' `largeModel`, written by our writer: ~10,000 lines, ~350 KB) and a spec
 * with 40 Key Entities for the generator.
 */
import { writeMarkdown } from '../../server/src/markdown/writer';
import type { DataModel } from '../../server/src/model/types';
import { largeModel } from '../../test/unit/markdown-models';

export function largeDocumentModel(tables = 300): DataModel {
  return largeModel(tables, 9);
}

export function largeDocument(tables = 300): string {
  return writeMarkdown(largeDocumentModel(tables));
}

const NOUNS = [
  'Customer', 'Supplier', 'Warehouse', 'Product', 'Category', 'Order', 'Invoice', 'Payment', 'Shipment', 'Carrier',
  'Route', 'Vehicle', 'Driver', 'Depot', 'Region', 'Store', 'Employee', 'Department', 'Project', 'Contract',
  'Ticket', 'Comment', 'Attachment', 'Review', 'Coupon', 'Campaign', 'Newsletter', 'Subscriber', 'Budget', 'Expense',
  'Asset', 'License', 'Vendor', 'Meeting', 'Room', 'Booking', 'Course', 'Lesson', 'Badge', 'Survey',
];

/** A spec-kit spec whose Key Entities name 40 entities, each but the first belonging to an earlier one. */
export function fortyEntitySpec(): string {
  const bullets = NOUNS.map((noun, i) => {
    const parent = i === 0 ? '' : ` Belongs to a ${NOUNS[Math.floor((i - 1) / 2)]}.`;
    return `- **${noun}**: a ${noun.toLowerCase()} with a unique name, a status (draft, active, closed), a description and an optional due date.${parent}`;
  });
  return [
    '# Feature Specification: Operations Suite',
    '',
    '## Requirements *(mandatory)*',
    '',
    '### Functional Requirements',
    '',
    '- **FR-001**: System MUST keep every record with its creation time.',
    '',
    '### Key Entities *(include if feature involves data)*',
    '',
    ...bullets,
    '',
  ].join('\n');
}
