import { notFound } from 'next/navigation';
import { AppError } from '../errors';

/**
 * For pages: the loaded data, or Next's 404 page when the person may not see it (or it does
 * not exist; the two look the same on purpose). Other failures reach app/error.tsx.
 */
export async function loadOrNotFound<T>(load: Promise<T>): Promise<T> {
  try {
    return await load;
  } catch (error) {
    if (error instanceof AppError && (error.code === 'not_found' || error.code === 'forbidden')) notFound();
    throw error;
  }
}
