import * as v from 'valibot';
import { id } from './common';

export const platesSchemas = {
  /** One printable file with the door code of every household of a grid. */
  grid: v.strictObject({ gridId: id }),
  /** One printable A4 poster with an org's own mini-program code, for its notice boards. */
  poster: v.strictObject({ orgId: id }),
};
