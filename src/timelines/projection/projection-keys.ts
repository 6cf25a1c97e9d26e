/**
 * Advisory lock keys and NOTIFY channels of the timeline projection. The keys are below 2^31 so
 * that pg_locks shows each as (classid 0, objid key), which is how tests find the lock holder.
 */

/** Session lock: held by the one projection runner of the whole deployment. */
export const PROJECTOR_LOCK_KEY = 735_620_101;

/**
 * Transaction lock on the generation pointer: every projection batch takes it shared, a rebuild
 * takes it exclusive to swap `read_model_state.active_schema`, so no batch straddles a swap.
 */
export const GENERATION_LOCK_KEY = 735_620_102;

/** Session lock: one rebuild at a time. */
export const REBUILD_LOCK_KEY = 735_620_103;

/** One notification per changed diplomatic event, sent in the batch's transaction (see timeline-change.ts). */
export const TIMELINE_CHANGES_CHANNEL = 'timeline_changes';

/** Payload: the schema that became active. */
export const READ_MODEL_SWAPPED_CHANNEL = 'read_model_swapped';
