import { listOrders } from '../../../server/handlers';
import { cloudMain } from '../../../server/handlers/define';

export const main = cloudMain(listOrders);
