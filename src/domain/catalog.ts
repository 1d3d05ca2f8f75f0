/** What is sold and who sells and takes it: products, points of sale, operators. Pure data. */

export interface Product {
  id: number;
  name: string;
  category: string;
  price: number;
  stopped: boolean;
}

export interface PointOfSale { id: number; name: string; preparationMinutes: number; busyMinutes: number }

/** The most a kitchen's busy delay may add to every ASAP promise (`ringdesk busy`), in minutes. */
export const MAX_BUSY_MINUTES = 240;

export interface Operator { id: number; name: string; osUser: string; pbxLogin: string; extension: string; headsetTarget: string; hasSecret: boolean }
