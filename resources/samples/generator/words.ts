/** Word lists the demo's records are built from (all invented for the demo). */

export const PEOPLE = ['mira', 'tomas', 'lena', 'oskar', 'priya', 'jonas', 'sofia', 'arun', 'keiko', 'diego', 'nadia', 'felix', 'ines', 'marek', 'yara', 'bruno'] as const;

export const CAPITALIZED_PEOPLE = PEOPLE.map((name) => name[0].toUpperCase() + name.slice(1));

export const SURNAMES = ['Okafor', 'Lindqvist', 'Moreau', 'Tanaka', 'Ferreira', 'Novak', 'Haddad', 'Kowalski', 'Brennan', 'Sato', 'Alvarez', 'Petrov', 'Nyberg', 'Castellano'] as const;

export const CITIES = ['Porto', 'Tallinn', 'Graz', 'Lyon', 'Kraków', 'Bergen', 'Valencia', 'Ghent', 'Turku', 'Bologna', 'Ljubljana', 'Aarhus'] as const;

export const LOG_WORDS = ['timeout', 'retry', 'warning', 'refused', 'deadline', 'checksum', 'overflow', 'throttled'] as const;

export const FOLDERS = ['/var/app/logs', '/srv/data', '/opt/backups', '/data/exports', '/tmp/work', '/var/spool/jobs', '/srv/media/incoming'] as const;

export const EXTENSIONS = ['log', 'csv', 'json', 'txt', 'gz', 'tmp', 'bak'] as const;

export const FILE_STEMS = ['report', 'invoice', 'batch', 'export', 'snapshot', 'summary', 'ledger', 'digest', 'metrics', 'session'] as const;

export const PRODUCTS = [
  { kind: 'rain jacket', features: ['waterproof', 'packable', 'hooded', 'breathable'], sizes: ['small', 'medium', 'large'] },
  { kind: 'trail running shoes', features: ['lightweight', 'wide fit', 'grippy sole', 'reflective'], sizes: ['8', '9', '10', '11'] },
  { kind: 'desk lamp', features: ['dimmable', 'usb charging port', 'warm light', 'clamp mount'], sizes: ['one size'] },
  { kind: 'wool socks', features: ['merino', 'cushioned', 'knee high', 'pack of 3'], sizes: ['s', 'm', 'l'] },
  { kind: 'coffee grinder', features: ['burr', 'manual', 'stainless steel', 'quiet'], sizes: ['one size'] },
  { kind: 'yoga mat', features: ['non slip', 'extra thick', 'with strap', 'eco friendly'], sizes: ['standard', 'long'] },
  { kind: 'backpack', features: ['30 liter', 'laptop sleeve', 'water resistant', 'padded straps'], sizes: ['one size'] },
  { kind: 'throw blanket', features: ['fleece', 'machine washable', 'oversized', 'two tone'], sizes: ['50 x 60 inch', '60 x 80 inch'] },
  { kind: 'bluetooth speaker', features: ['portable', 'splash proof', '12 hour battery', 'bass boost'], sizes: ['one size'] },
  { kind: 'hair dryer', features: ['ionic', 'foldable', 'diffuser attachment', 'low noise'], sizes: ['one size'] },
  { kind: 'water bottle', features: ['insulated', 'leak proof', 'bpa free', 'wide mouth'], sizes: ['500 ml', '750 ml', '1 liter'] },
  { kind: 'phone case', features: ['shockproof', 'slim', 'clear back', 'magnetic'], sizes: ['standard', 'plus'] },
] as const;

export const COLORS = ['navy', 'olive', 'charcoal', 'sand', 'burgundy', 'teal', 'black', 'white', 'mustard', 'slate blue'] as const;

export const BRANDS = ['Northvale', 'Kestrel & Co', 'Bramblewood', 'Lumora', 'Fjordline', 'Quillon', 'Marrow Lane', 'Tidewell'] as const;

export const ROOMS = ['kitchen', 'bathroom', 'bedroom', 'living room', 'laundry room'] as const;

export const RECEPTACLES = ['cabinet', 'drawer', 'countertop', 'shelf', 'sidetable', 'dresser', 'desk', 'fridge', 'microwave', 'sinkbasin', 'garbagecan', 'stoveburner'] as const;

export const OBJECTS = ['mug', 'apple', 'spoon', 'book', 'pencil', 'soapbar', 'tomato', 'plate', 'cellphone', 'keychain', 'candle', 'towel', 'bowl', 'egg', 'remotecontrol', 'vase'] as const;
