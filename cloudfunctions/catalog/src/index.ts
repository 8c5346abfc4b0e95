import { catalog } from '../../../server/handlers';
import { cloudMain } from '../../../server/handlers/define';

export const main = cloudMain(catalog);
