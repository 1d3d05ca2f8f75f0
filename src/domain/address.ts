/** Where a delivery goes: the address as a dispatcher types it, and its one-line form. Pure data. */

export interface Address {
  city: string;
  street: string;
  house: string;
  building: string;
  flat: string;
  entrance: string;
  floor: string;
  intercom: string;
  postcode: string;
  lat: number | null;
  lon: number | null;
  courierNote: string;
}
export const emptyAddress: Address = {
  city: '', street: '', house: '', building: '', flat: '', entrance: '', floor: '',
  intercom: '', postcode: '', lat: null, lon: null, courierNote: '',
};
export const addressFields = ['street', 'house', 'flat', 'entrance', 'floor', 'intercom', 'city', 'postcode', 'courierNote'] as const;
export type AddressField = (typeof addressFields)[number];

export function formatAddress(a: Address): string {
  const line = [a.street && `${a.street} ${a.house}`.trim(), a.flat && `flat ${a.flat}`, a.city]
    .filter(Boolean).join(', ');
  return line;
}
export function hasAddress(a: Address): boolean {
  return a.street.trim() !== '' && a.house.trim() !== '';
}
