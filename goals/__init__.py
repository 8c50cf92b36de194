"""SMART goals, action steps and progress (stage 4). Filled by the goals issue."""
