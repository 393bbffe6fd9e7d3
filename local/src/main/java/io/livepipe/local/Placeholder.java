package io.livepipe.local;
final class Placeholder {}
