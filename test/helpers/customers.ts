let customerSeq = 2000;

/**
 * A customer number no earlier call in this test file returned (+12125552001, …). Each file
 * has its own module state and database, so numbers only need to be unique within a file.
 */
export function freshCustomer(): string {
  customerSeq += 1;
  return `+1212555${String(customerSeq).padStart(4, '0')}`;
}
