package dev.o2ext.config;

import org.springframework.util.unit.DataSize;

/**
 * Bounds of the buffer and of one request to OpenObserve.
 *
 * @param capacity bound of the buffer in serialized bytes (not a heap bound)
 * @param batchMaxBytes bound of one request body before compression; also the largest record
 * @param batchMaxRecords bound of records in one request
 */
public record BufferSettings(DataSize capacity, DataSize batchMaxBytes, int batchMaxRecords) {

	public BufferSettings {
		if (batchMaxBytes.compareTo(capacity) > 0) {
			throw new IllegalArgumentException("O2_BATCH_MAX_BYTES (" + batchMaxBytes.toBytes()
					+ ") must not be larger than O2_MAX_BUFFER_SIZE_MB (" + capacity.toBytes() + " bytes)");
		}
	}

}
