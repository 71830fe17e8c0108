/** A sales region used as a sample partition, with the currencies its orders are billed in. */
export interface SampleRegion {
  readonly name: string;
  readonly currencies: readonly string[];
}

/** Sample regions in seeding order; the first six are the default sample. */
export const SAMPLE_REGIONS: readonly SampleRegion[] = [
  { name: 'emea', currencies: ['EUR', 'GBP', 'CHF'] },
  { name: 'amer-east', currencies: ['USD', 'CAD'] },
  { name: 'amer-west', currencies: ['USD'] },
  { name: 'apac-north', currencies: ['JPY', 'KRW'] },
  { name: 'apac-south', currencies: ['AUD', 'SGD', 'NZD'] },
  { name: 'latam', currencies: ['BRL', 'MXN'] },
  { name: 'emea-north', currencies: ['SEK', 'NOK', 'DKK'] },
  { name: 'emea-east', currencies: ['PLN', 'CZK'] },
  { name: 'amer-central', currencies: ['USD', 'MXN'] },
  { name: 'apac-east', currencies: ['CNY', 'HKD'] },
  { name: 'mea', currencies: ['AED', 'ZAR'] },
  { name: 'india', currencies: ['INR'] },
];

/** ISO 4217 minor-unit digits where they are not 2. */
export const ZERO_DECIMAL_CURRENCIES: ReadonlySet<string> = new Set(['JPY', 'KRW']);
