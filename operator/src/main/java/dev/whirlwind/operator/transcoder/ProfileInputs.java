package dev.whirlwind.operator.transcoder;

import dev.whirlwind.operator.OperatorConfig;
import dev.whirlwind.protocol.transcode.RenditionProfile;

/**
 * What a profile's objects are rendered from besides the profile itself.
 *
 * @param rendition the profile's parameters, validated
 * @param mode GPU or CPU pods: an {@code auto} profile whose GPU pods stayed unschedulable runs on
 *     the CPU
 */
public record ProfileInputs(
    OperatorConfig.Images images, RenditionProfile rendition, TranscoderMode mode) {}
