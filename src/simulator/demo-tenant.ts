/**
 * The fixed values of the simulator's demo tenant. They look like real
 * credentials so that validation treats them as it would a tenant's, but
 * they open nothing outside the simulator.
 */
export const DEMO_TENANT = {
  appId: '28d0acfe-d622-4dc4-9ceb-161383cf09f9',
  appKey: '7d4d3469-b390-4dec-940b-fbac48eb2cd2',
  accessKey:
    'RKsw3pMglgU_HXGo3jaB__ZIg_vwP0oAm0hNRFNuXEwq4gwQi9BhVez0yW9Z3ERhVuMFJQ',
  secretKey:
    'g3nw/Z8tJIX0230aBSqmmK5V9XNKmSJqZPILMAHjqM28V5hlBJ0jFxl2jzNe3Gbt4ZOsRL8m+BBj5E//oMxSBw==',
  /** The demo tenant's API 2.0 application, holding every permission. */
  clientId: '7JpV0QcmUbSheodMvkCE50kOd3qIw4yfLuXG5U91NHRZlU3h',
  clientSecret:
    'YlJAUH6xLBCTerQ6QyBESptoD7k6vNRvJMu5W093Sgkmv0HuXlsg7D0lGrZAYIKO',
  accountCode: 'CUSA-DEMO-4821',
  accountName: 'Northwind Traders (demo)',
  region: 'us',
  serviceAccount: {
    email: 'xdr-siem@demo.example',
    password: 'Sim-Demo-8vQ2kLm!',
  },
  xdrToken: 'xdr-demo-4xVIOcg_wOV5m2X505V3-4FKtrC0b9ml',
} as const;

/** The shape of DEMO_TENANT. */
export type DemoTenant = typeof DEMO_TENANT;
